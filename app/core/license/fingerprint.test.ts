import { describe, expect, it } from 'vitest';
import { createFingerprinter, fingerprintOf, hashComponents, readSystemComponents } from './fingerprint';
import { MACHINE_A } from './testing/harness';

describe('fingerprint', () => {
  it('hashes every component with the app salt; the fingerprint is the hash of the sorted hashes', () => {
    const hashed = hashComponents(MACHINE_A);
    expect(Object.keys(hashed).sort()).toEqual(['cpuModel', 'diskSerial', 'machineId', 'macs', 'osInstallId', 'productUuid']);
    for (const h of Object.values(hashed)) expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintOf(hashed)).toMatch(/^[0-9a-f]{64}$/);
    // order of the object does not matter
    const reversed = Object.fromEntries(Object.entries(hashed).reverse());
    expect(fingerprintOf(reversed)).toBe(fingerprintOf(hashed));
  });

  it('never lets a raw identifier out', async () => {
    const id = await createFingerprinter({ readComponents: async () => MACHINE_A, machineName: () => 'TILL-1' }).identity();
    const text = JSON.stringify(id);
    for (const raw of Object.values(MACHINE_A)) expect(text.toLowerCase()).not.toContain(String(raw).toLowerCase());
  });

  it('one changed network card changes one component, not the others', () => {
    const a = hashComponents(MACHINE_A);
    const b = hashComponents({ ...MACHINE_A, macs: '00:1a:2b:3c:4d:99' });
    const differing = Object.keys(a).filter((k) => a[k] !== b[k]);
    expect(differing).toEqual(['macs']);
    expect(fingerprintOf(a)).not.toBe(fingerprintOf(b));
  });

  it('skips unreadable components and ignores case/whitespace noise', () => {
    expect(Object.keys(hashComponents({ cpuModel: 'X', diskSerial: '  ', macs: undefined }))).toEqual(['cpuModel']);
    expect(hashComponents({ productUuid: 'ABC ' }).productUuid).toBe(hashComponents({ productUuid: 'abc' }).productUuid);
  });

  it('is computed once per start and cached', async () => {
    let reads = 0;
    const f = createFingerprinter({ readComponents: async () => { reads += 1; return MACHINE_A; } });
    const [x, y] = await Promise.all([f.identity(), f.identity()]);
    await f.identity();
    expect(reads).toBe(1);
    expect(x).toBe(y);
  });

  it('reads this machine', async () => {
    const raw = await readSystemComponents();
    expect(raw.cpuModel).toBeTruthy();
    const id = await createFingerprinter().identity();
    expect(id.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(id.components).length).toBeGreaterThanOrEqual(1);
  });
});
