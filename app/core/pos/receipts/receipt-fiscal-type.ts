/** Until i15-core's receipt-link lands: the contract's ReceiptFiscal, verbatim. */
export type ReceiptFiscal =
  | { state: 'registered'; docType: '8.6' | '11.1' | '11.4'; series: string; number: number; mark: string; uid: string; qrUrl: string; authenticationCode?: string }
  | { state: 'pending'; docType: '8.6' | '11.1' | '11.4'; series: string; number: number };
