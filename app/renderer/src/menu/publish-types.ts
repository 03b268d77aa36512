/** What core's `menu.*` commands answer (app/core/pos/menu-publish/commands.ts). */
export interface MenuPublication {
  slug: string;
  url: string;
  /** null: unpublished (the address stays the shop's). */
  publishedAt: number | null;
}
export interface MenuPublicationView {
  publication: MenuPublication | null;
  onReceipts: boolean;
}

/** A first suggestion for the address: the shop's name in lowercase latin letters and hyphens. */
export function suggestSlug(name: string): string {
  const greek: Record<string, string> = { α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o' };
  const latin = name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[α-ω]/g, (ch) => greek[ch] ?? '');
  const slug = latin.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40).replace(/-+$/, '');
  return slug.length >= 3 ? slug : `${slug || 'menu'}-menu`.slice(0, 40);
}
