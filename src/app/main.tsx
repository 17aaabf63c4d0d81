import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { installTestHooks, startApp } from '../client/actions';
import { startAutosave } from '../client/autosave';
import { startServiceWorker } from '../client/serviceWorker';
import { App } from './App';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

installTestHooks(window.location.search);
void startApp(window.location.search);
startAutosave();
startServiceWorker();
