import { createConnection } from 'node:net';

/** Where a network receipt printer listens: raw TCP, almost always port 9100 ("JetDirect"). */
export interface PrinterAddress {
  host: string;
  port: number;
}

export type SendResult =
  | { ok: true }
  | { ok: false; code: 'PRINTER_OFFLINE'; message: string };

export type SendToPrinter = (address: PrinterAddress, bytes: Uint8Array) => Promise<SendResult>;

/**
 * Sends one ESC/POS job over TCP and resolves when the bytes have left this machine (most
 * printers never answer or close first). Never rejects: a refused connection, an unreachable
 * host or no progress within `timeoutMs` come back as PRINTER_OFFLINE with the reason.
 */
export function sendToPrinter(address: PrinterAddress, bytes: Uint8Array, timeoutMs = 5_000): Promise<SendResult> {
  return new Promise((resolve) => {
    let settled = false;
    const socket = createConnection({ host: address.host, port: address.port });
    const finish = (result: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      if (result.ok) {
        // Give the printer a moment to read, then let go even if it never closes its side.
        setTimeout(() => socket.destroy(), 1_000).unref();
      } else {
        socket.destroy();
      }
      resolve(result);
    };
    const offline = (reason: string) =>
      finish({ ok: false, code: 'PRINTER_OFFLINE', message: `Printer ${address.host}:${address.port} is not reachable (${reason})` });
    // One deadline for connect + write: a printer that accepts but never drains is offline too.
    const deadline = setTimeout(() => offline(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.on('error', (e: NodeJS.ErrnoException) => offline(e.code ?? e.message));
    socket.on('connect', () => {
      socket.end(Buffer.from(bytes), () => finish({ ok: true }));
    });
  });
}
