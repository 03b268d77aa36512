/** Entry: picks the transport (Electron preload or HTTP), restores the session, renders. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createI18n, guessLanguage } from './i18n';
import { createIpcClient } from './api/ipc-client';
import { adoptTokenFromLocation, browserTokenStore, createHttpClient, storedStaffSession } from './api/http-client';
import './styles.css';

const store = browserTokenStore();
adoptTokenFromLocation(store);
const pairMatch = /(?:^#|&)pair=(\d{6})/.exec(window.location.hash);
const client = window.pospal ? createIpcClient(window.pospal) : createHttpClient({ store });
const i18n = createI18n(guessLanguage());

const root = document.getElementById('root');
if (!root) throw new Error('#root missing');
createRoot(root).render(
  <StrictMode>
    <App client={client} i18n={i18n} initialSession={window.pospal ? null : storedStaffSession(store)} pairCode={pairMatch?.[1]} />
  </StrictMode>,
);
