/** A QR code as inline SVG (one path, no scripts, no external resources) for the HTML receipt. */
import QRCode from 'qrcode';

export function qrSvg(data: string, attributes: Record<string, string> = {}): string {
  const { modules } = QRCode.create(data, { errorCorrectionLevel: 'M' });
  const margin = 4;
  const size = modules.size + 2 * margin;
  let path = '';
  for (let y = 0; y < modules.size; y++) {
    // One rectangle per horizontal run of dark modules.
    for (let x = 0; x < modules.size; x++) {
      if (!modules.get(x, y)) continue;
      let run = 1;
      while (x + run < modules.size && modules.get(x + run, y)) run++;
      path += `M${x + margin} ${y + margin}h${run}v1h-${run}z`;
      x += run;
    }
  }
  // Attribute names and values are ours (never user text); values are still kept to [\w-].
  const attrs = Object.entries(attributes).map(([k, v]) => ` ${k.replace(/[^\w-]/g, '')}="${v.replace(/[^\w -]/g, '')}"`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" shape-rendering="crispEdges"${attrs}>`
    + `<rect width="${size}" height="${size}" fill="#fff"/><path d="${path}" fill="#000"/></svg>`;
}
