import { useTranslation } from 'react-i18next';
import { usePos } from '../context';

export function LanguageSettings() {
  const { i18n } = useTranslation();
  const { client, reloadSettings, staff, showError } = usePos();
  const choose = async (language: 'en' | 'el') => {
    await i18n.changeLanguage(language);
    // The shop's language is a setting (receipts too); a cashier only switches this screen.
    if (staff?.role !== 'cashier') {
      try { await client.call('settings.update', { language }); reloadSettings(); } catch (e) { showError(e); }
    }
  };
  return (
    <div className="seg lang-seg" data-testid="language-settings">
      <button type="button" className={i18n.language === 'en' ? 'on' : ''} onClick={() => void choose('en')} data-testid="lang-en">English</button>
      <button type="button" className={i18n.language === 'el' ? 'on' : ''} onClick={() => void choose('el')} data-testid="lang-el">Ελληνικά</button>
    </div>
  );
}
