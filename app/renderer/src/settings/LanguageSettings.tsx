import { useTranslation } from 'react-i18next';
import { usePos } from '../context';
import { may } from '../screens/role-rules';

export function LanguageSettings() {
  const { i18n } = useTranslation();
  const { client, reloadSettings, staff, showError } = usePos();
  const choose = async (language: 'en' | 'el') => {
    await i18n.changeLanguage(language);
    // The shop's language is a setting (receipts too) the owner changes; anyone else only
    // switches their own screen, and is never refused for it.
    if (may(staff?.role, 'settings.write')) {
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
