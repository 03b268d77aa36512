/**
 * The machine fingerprint (DESIGN.md "The license agent" 1). Every readable component is
 * SHA-256 hashed with an app salt before anything else sees it; the fingerprint is SHA-256 over
 * the sorted component hashes. The worker matches a returning machine by fingerprint, else by
 * most components, so one changed network card keeps the seat. Raw values never leave this file.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { readFile, readdir, access } from 'node:fs/promises';
import { cpus, hostname, networkInterfaces, platform as osPlatform } from 'node:os';
// node-machine-id is CommonJS without detectable named exports: import the namespace object.
import nodeMachineId from 'node-machine-id';

export const COMPONENT_NAMES = ['machineId', 'productUuid', 'cpuModel', 'diskSerial', 'macs', 'osInstallId'] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];
/** Raw, identifying values: only ever passed to `hashComponents`. */
export type RawComponents = Partial<Record<ComponentName, string>>;
export type ReadComponents = () => Promise<RawComponents>;

const APP_SALT = 'pospal/fingerprint/v1';

export interface MachineIdentity {
  /** sha256 hex over the sorted component hashes. */
  fingerprint: string;
  /** component name → salted sha256 hex. */
  components: Record<string, string>;
  /** Shown to the shop in the takeover dialog ("in use on OFFICE-PC"). */
  name: string;
  platform: string;
}

export function hashComponents(raw: RawComponents): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of COMPONENT_NAMES) {
    const value = raw[name]?.trim().toLowerCase();
    if (!value) continue;
    out[name] = sha256Hex(`${APP_SALT}:${name}:${value}`);
  }
  return out;
}

export function fingerprintOf(components: Record<string, string>): string {
  return sha256Hex(Object.values(components).sort().join('\n'));
}

export interface FingerprintOptions {
  readComponents?: ReadComponents;
  machineName?: () => string;
  platform?: string;
}

export interface Fingerprinter {
  /** Computed on first call, then the same promise for the life of the process. */
  identity(): Promise<MachineIdentity>;
}

export function createFingerprinter(options: FingerprintOptions = {}): Fingerprinter {
  const read = options.readComponents ?? readSystemComponents;
  let pending: Promise<MachineIdentity> | undefined;
  return {
    identity() {
      pending ??= read().then((raw) => {
        const components = hashComponents(raw);
        if (Object.keys(components).length === 0) {
          // Never seen in practice (cpuModel is always readable), but a constant beats a crash.
          components.cpuModel = sha256Hex(`${APP_SALT}:cpuModel:unknown`);
        }
        return {
          fingerprint: fingerprintOf(components),
          components,
          name: (options.machineName ?? hostname)().slice(0, 100) || 'POS',
          platform: options.platform ?? osPlatform(),
        };
      });
      return pending;
    },
  };
}

function sha256Hex(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

// ---- reading the real machine (best effort: a component we can't read is left out) ----

export async function readSystemComponents(): Promise<RawComponents> {
  const p = process.platform;
  const [productUuid, diskSerial, osInstallId, macs] = await Promise.all([
    p === 'linux' ? readText('/sys/class/dmi/id/product_uuid') : undefined,
    p === 'linux' ? linuxDiskSerial() : undefined,
    p === 'win32' ? windowsProductId() : p === 'linux' ? linuxRootFsId() : undefined,
    physicalMacs(),
  ]);
  let machineId: string | undefined;
  try {
    machineId = nodeMachineId.machineIdSync(true);
  } catch {
    machineId = undefined;
  }
  return { machineId, productUuid, cpuModel: cpus()[0]?.model, diskSerial, macs, osInstallId };
}

async function readText(file: string): Promise<string | undefined> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}

async function linuxDiskSerial(): Promise<string | undefined> {
  let devices: string[];
  try {
    devices = (await readdir('/sys/block')).filter((d) => /^(nvme\d+n\d+|sd[a-z]+|vd[a-z]+|mmcblk\d+)$/.test(d)).sort();
  } catch {
    return undefined;
  }
  for (const dev of devices) {
    const serial = (await readText(`/sys/block/${dev}/device/serial`)) ?? (await readText(`/sys/block/${dev}/device/cid`));
    if (serial) return serial;
  }
  return undefined;
}

async function linuxRootFsId(): Promise<string | undefined> {
  const cmdline = await readText('/proc/cmdline');
  return /\broot=(?:PART)?UUID=([^\s]+)/.exec(cmdline ?? '')?.[1];
}

function windowsProductId(): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('reg', ['query', 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion', '/v', 'ProductId'],
      { timeout: 2000, windowsHide: true }, (err, stdout) => {
        resolve(err ? undefined : /ProductId\s+REG_SZ\s+(\S+)/.exec(stdout)?.[1]);
      });
  });
}

const VIRTUAL_NIC = /^(lo|docker|veth|br-|virbr|vmnet|vboxnet|tun|tap|utun|awdl|llw|bridge|zt|wg|tailscale)/i;

/** MACs of physical NICs, sorted, as ONE component: a changed card changes one component only. */
async function physicalMacs(): Promise<string | undefined> {
  const macs = new Set<string>();
  for (const [name, addrs] of Object.entries(networkInterfaces())) {
    if (VIRTUAL_NIC.test(name)) continue;
    if (process.platform === 'linux' && !(await exists(`/sys/class/net/${name}/device`))) continue;
    for (const a of addrs ?? []) {
      if (!a.internal && a.mac && a.mac !== '00:00:00:00:00:00') macs.add(a.mac.toLowerCase());
    }
  }
  return macs.size ? [...macs].sort().join(',') : undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
