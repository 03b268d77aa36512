/** i18next with every string of the UI in English and Greek. */
import i18next from 'i18next';
import type { i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { el } from './el';

export type Language = 'en' | 'el';
export const resources = { en: { translation: en }, el: { translation: el } } as const;

export function createI18n(language: Language = 'en'): i18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false }, // React escapes
    initAsync: false,
  });
  return instance;
}

/** The language the browser asks for, until the shop's setting is known. */
export function guessLanguage(): Language {
  const nav = typeof navigator !== 'undefined' ? navigator.language : 'en';
  return nav.toLowerCase().startsWith('el') ? 'el' : 'en';
}
