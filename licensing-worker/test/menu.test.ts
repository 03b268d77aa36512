// The QR menu: publishing (owner credentials, live subscription, own body limit), slugs
// (validated, unique, never overwritten), and the public page (escaped, no scripts, cached).
import { env, SELF } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { PublishedMenu } from '../src/protocol/menu';
import { post, seedCustomer, unique, type ErrorJson, type SeededCustomer } from './helpers';

const HOSTILE = `<script>alert("x")</script><img src=x onerror=alert(1)>`;

function menu(overrides: Partial<PublishedMenu> = {}): PublishedMenu {
  return {
    shopName: `Café "Ηλιος" & Co ${HOSTILE}`,
    currency: 'EUR',
    locale: 'el-GR',
    categories: [
      {
        name: { en: 'Coffee', el: 'Καφέδες' },
        items: [
          { name: { en: 'Freddo espresso', el: 'Φρέντο εσπρέσο' }, description: { en: 'Double shot, iced' }, priceCents: 350, available: true, allergens: ['milk'], dietary: ['vegetarian'], optionGroups: [{ name: { en: 'Sugar', el: 'Ζάχαρη' }, options: [{ name: { en: 'Sweet', el: 'Γλυκός' }, priceDeltaCents: 0 }, { name: { en: 'Oat milk' }, priceDeltaCents: 50 }] }] },
          { name: { en: HOSTILE }, priceCents: 1234, available: true, allergens: [`</span><b onclick=x>`], dietary: [], optionGroups: [] },
          { name: { el: 'Τσάι' }, priceCents: 250, available: false, allergens: [], dietary: [], optionGroups: [] },
        ],
      },
      { name: { en: 'Cakes' }, items: [{ name: { en: 'Baklava' }, priceCents: 420, available: true, allergens: ['nuts', 'gluten'], dietary: [], optionGroups: [] }] },
    ],
    ...overrides,
  };
}

const slug = () => unique('cafe').toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 40).replace(/-+$/, '');
const publish = (c: SeededCustomer, s: string, m: unknown = menu()) => post('/menu/publish', { email: c.email, token: c.token, slug: s, menu: m });
const page = (s: string) => SELF.fetch(`http://worker.test/m/${s}`);
const setStatus = (c: SeededCustomer, status: string) => env.DB.prepare('UPDATE customers SET subscription_status = ? WHERE id = ?').bind(status, c.id).run();

describe('POST /menu/publish → GET /m/<slug>', () => {
  it('lists the items with every text escaped, prices in the shop currency and locale, both languages', async () => {
    const shop = await seedCustomer();
    const s = slug();
    const res = await publish(shop, s);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ success: true, slug: s, url: `http://worker.test/m/${s}`, itemCount: 4 });

    const view = await page(s);
    expect(view.status).toBe(200);
    const html = await view.text();
    expect(html).toContain('Φρέντο εσπρέσο');
    expect(html).toContain('Freddo espresso');
    expect(html).toContain('Baklava');
    expect(html).toContain('3,50\u00a0€'); // el-GR
    expect(html).toContain('+0,50\u00a0€');
    expect(html).toContain('<a href="#c1">Cakes</a>');
    expect(html).toContain('Αλλεργιογόνα: nuts, gluten');
    expect(html).toContain('Μη διαθέσιμο');
    // Hostile text shows as text, never as markup.
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/i);
    expect(html).toContain('Café &quot;Ηλιος&quot; &amp; Co');
  });

  it('is served with a strict CSP (no scripts), cache headers, and no cookies', async () => {
    const shop = await seedCustomer();
    const s = slug();
    await publish(shop, s);
    const view = await page(s);
    const csp = view.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toMatch(/script-src|unsafe-inline|unsafe-eval/);
    expect(view.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=300');
    expect(view.headers.get('set-cookie')).toBeNull();
    expect(view.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(view.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('republishing replaces the menu; unpublishing removes it and keeps the slug the shop’s', async () => {
    const shop = await seedCustomer();
    const other = await seedCustomer();
    const s = slug();
    await publish(shop, s);
    const second = menu({ categories: [{ name: { en: 'Drinks' }, items: [{ name: { en: 'Lemonade' }, priceCents: 300, available: true, allergens: [], dietary: [], optionGroups: [] }] }] });
    expect((await publish(shop, s, second)).status).toBe(200);
    let html = await (await page(s)).text();
    expect(html).toContain('Lemonade');
    expect(html).not.toContain('Baklava');

    const off = await post('/menu/unpublish', { email: shop.email, token: shop.token });
    expect(await off.json()).toMatchObject({ success: true, slug: s });
    const gone = await page(s);
    html = await gone.text();
    expect(html).not.toContain('Lemonade');
    expect(html).toContain('This menu is not available right now.');
    expect((await publish(other, s)).status).toBe(409);
    expect((await publish(shop, s)).status).toBe(200);
  });

  it('a lapsed subscription hides the page (the slug stays the shop’s) and can’t publish', async () => {
    const shop = await seedCustomer();
    const other = await seedCustomer();
    const s = slug();
    await publish(shop, s);
    await setStatus(shop, 'suspended');
    const view = await page(s);
    expect(view.status).toBe(200);
    const html = await view.text();
    expect(html).toContain('This menu is not available right now.');
    expect(html).toContain('Ο κατάλογος δεν είναι διαθέσιμος');
    expect(html).not.toContain('Baklava');

    const refused = await publish(shop, s);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as ErrorJson).error).toMatchObject({ code: 'SUBSCRIPTION_INACTIVE', subscriptionStatus: 'suspended' });
    const taken = await publish(other, s);
    expect(((await taken.json()) as ErrorJson).error.code).toBe('SLUG_TAKEN');

    await setStatus(shop, 'active');
    expect(await (await page(s)).text()).toContain('Baklava');
  });
});

describe('menu slugs', () => {
  it.each([['ab'], ['Cafe'], ['-cafe'], ['cafe-'], ['ca--fe'], ['café'], ['a'.repeat(41)], ['admin'], ['pricing'], ['ca_fe']])('refuses %s', async (bad) => {
    const shop = await seedCustomer();
    const res = await publish(shop, bad);
    expect(res.status).toBe(400);
    const body = (await res.json()) as ErrorJson;
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(JSON.stringify(body.error.issues)).toContain('slug');
  });

  it('accepts lowercase letters, digits and inner hyphens, 3 to 40 long', async () => {
    const shop = await seedCustomer();
    const s = `k${Date.now().toString(36)}-2`.padEnd(40, '9');
    expect(s.length).toBe(40);
    expect((await publish(shop, s)).status).toBe(200);
  });

  it('someone else’s slug can’t be overwritten', async () => {
    const owner = await seedCustomer();
    const intruder = await seedCustomer();
    const s = slug();
    await publish(owner, s);
    const res = await publish(intruder, s, menu({ shopName: 'Not the owner' }));
    expect(res.status).toBe(409);
    expect(((await res.json()) as ErrorJson).error.code).toBe('SLUG_TAKEN');
    const html = await (await page(s)).text();
    expect(html).toContain('Baklava');
    expect(html).not.toContain('Not the owner');
  });

  it('a refused attempt on someone else’s slug keeps the intruder’s own menu where it was', async () => {
    const owner = await seedCustomer();
    const other = await seedCustomer();
    const taken = slug();
    const own = slug();
    await publish(owner, taken);
    await publish(other, own);
    expect((await publish(other, taken)).status).toBe(409);
    expect((await page(own)).status).toBe(200);
    expect((await page(taken)).status).toBe(200);
  });

  it('a shop that moves to a new slug frees the old one', async () => {
    const shop = await seedCustomer();
    const other = await seedCustomer();
    const first = slug();
    const second = slug();
    await publish(shop, first);
    await publish(shop, second);
    expect((await page(first)).status).toBe(404);
    expect((await page(second)).status).toBe(200);
    expect((await publish(other, first)).status).toBe(200);
  });

  it('an unknown or malformed slug answers a 404 page', async () => {
    expect((await page('no-such-menu-here')).status).toBe(404);
    expect((await page('%3Cscript%3E')).status).toBe(404);
  });
});

describe('publishing credentials and limits', () => {
  it('refuses a wrong unlock token', async () => {
    const shop = await seedCustomer();
    const res = await publish({ ...shop, token: 'POS-AAAAA-BBBBB-CCCCC-DDDDD' }, slug());
    expect(res.status).toBe(401);
    expect(((await res.json()) as ErrorJson).error.code).toBe('INVALID_CREDENTIALS');
  });

  it('takes a menu over the API’s 64 KiB, and refuses one over 512 KiB', async () => {
    const shop = await seedCustomer();
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ name: { en: `Item ${i} ${'x'.repeat(200)}` }, description: { en: 'd'.repeat(900) }, priceCents: 100 + i, available: true, allergens: [], dietary: [], optionGroups: [] }));
    const big = menu({ categories: [{ name: { en: 'Big' }, items: items(100) }] });
    expect(JSON.stringify(big).length).toBeGreaterThan(64 * 1024);
    expect((await publish(shop, slug(), big)).status).toBe(200);
    const huge = menu({ categories: Array.from({ length: 6 }, (_, i) => ({ name: { en: `C${i}` }, items: items(100) })) });
    expect(JSON.stringify(huge).length).toBeGreaterThan(512 * 1024);
    const res = await publish(shop, slug(), huge);
    expect(res.status).toBe(413);
    // The rest of the API keeps its 64 KiB.
    expect((await post('/menu/unpublish', { email: shop.email, token: shop.token, pad: 'p'.repeat(70 * 1024) })).status).toBe(413);
  });
});
