// The SparseVila web page: the API key, the video library and the conversation panel, wired together.

import { apiKey, isValidKey, refreshKeyCookie, setApiKey } from './js/api.js';
import { initChat, openVideo, videoChanged, videoRemoved } from './js/chat.js';
import { initLibrary, reloadLibrary } from './js/library.js';
import { clearErrors, showError } from './js/notices.js';

function initKeyForm() {
  const form = document.getElementById('key-form');
  const input = document.getElementById('api-key');
  const state = document.getElementById('key-state');
  const visibility = document.getElementById('key-visibility');
  const describe = () => {
    state.textContent = apiKey() ? 'Key in use' : 'No key';
    state.dataset.state = apiKey() ? 'set' : 'none';
  };
  input.value = apiKey();
  refreshKeyCookie();
  describe();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (!isValidKey(key)) {
      showError({ title: 'That key cannot be sent', detail: 'An API key is printable ASCII without spaces: paste it again.' });
      return;
    }
    if (key === apiKey()) {
      return;
    }
    setApiKey(key);
    describe();
    // The status beside the box says the key is in use, and the list reloads with it: no message needed.
    clearErrors();
    await reloadLibrary();
  });
  visibility.addEventListener('click', () => {
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    visibility.setAttribute('aria-pressed', String(show));
    const label = show ? 'Hide the key' : 'Show the key';
    visibility.setAttribute('aria-label', label);
    visibility.title = label;
  });
}

initKeyForm();
initChat();
initLibrary({ choose: openVideo, change: videoChanged, removed: videoRemoved });
reloadLibrary().finally(() => document.body.classList.add('ready'));
