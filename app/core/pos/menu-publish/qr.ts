/** The menu's QR code for table stickers and the screen: SVG and PNG (data URL) of the URL. */
import QRCode from 'qrcode';

export interface MenuQr {
  url: string;
  svg: string;
  pngDataUrl: string;
}

export async function menuQr(url: string): Promise<MenuQr> {
  const options = { errorCorrectionLevel: 'M' as const, margin: 2 };
  const [svg, pngDataUrl] = await Promise.all([
    QRCode.toString(url, { ...options, type: 'svg' }),
    QRCode.toDataURL(url, { ...options, type: 'image/png', width: 1024 }),
  ]);
  return { url, svg, pngDataUrl };
}
