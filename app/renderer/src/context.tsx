/**
 * What every screen needs: the API client, formatters, the signed-in staff member, the license
 * status, toasts and navigation. Provided once by <App>.
 */
import { createContext, useContext } from 'react';
import type { ApiClient } from './api/client';
import type { Formatters } from './format';
import type { LicenseStatus, Settings, StaffMember } from './api/shapes';

export type ScreenName = 'order' | 'tables' | 'orders' | 'shift' | 'reports' | 'menu' | 'settings' | 'subscription';

export type ToastKind = 'info' | 'success' | 'error';
export interface Toast { id: number; kind: ToastKind; text: string }

export interface PosContextValue {
  client: ApiClient;
  fmt: Formatters;
  settings: Settings;
  reloadSettings(): void;
  staff: StaffMember | null;
  license: LicenseStatus;
  refreshLicense(): void;
  /** Selling allowed by the license (active or offline grace). */
  canSell: boolean;
  toast(text: string, kind?: ToastKind): void;
  /** Shows an error value the way the user should read it (translated by code). */
  showError(e: unknown): void;
  navigate(screen: ScreenName, params?: Record<string, string>): void;
  screen: ScreenName;
  params: Record<string, string>;
  signOut(): void;
  /** The signed-in person's own screen language (null: the shop's), and setting it for themselves. */
  myLanguage?: 'en' | 'el' | null;
  setMyLanguage?(language: 'en' | 'el' | null): Promise<void>;
}

export const PosContext = createContext<PosContextValue | null>(null);

export function usePos(): PosContextValue {
  const value = useContext(PosContext);
  if (!value) throw new Error('usePos outside <PosContext>');
  return value;
}

export const SELLING_STATES = new Set(['active', 'offline_grace']);

export function licenseAllowsSelling(status: LicenseStatus): boolean {
  if (typeof status.canSell === 'boolean') return status.canSell;
  return SELLING_STATES.has(status.state);
}
