// The conversation about the chosen video: its player, the questions and the answers streamed token by
// token, the evidence (frames the retrieval picked) that seeks the player, and each answer's stats.

import { request, requestJson } from './api.js';
import { el, formatClock, formatDecimal, formatInteger, formatPercent, icon, icons, spokenDuration } from './dom.js';
import { showError } from './notices.js';
import { readEvents } from './sse.js';

/** The most evidence thumbnails shown for one answer (the best by score, shown in time order). */
const maxEvidenceShown = 8;

let video = null;
let conversationId = null;
/** The answer being streamed, if any: stopping aborts it. */
let answering = null;
/** Whether the transcript is scrolled to its end (then it stays there as answers grow). */
let followingTranscript = true;
/** Bumped on every new conversation, so a late answer to an old one is not shown in the new one. */
let generation = 0;

const $ = (id) => document.getElementById(id);

export function initChat() {
  const form = $('ask-form');
  const question = $('question');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (answering) {
      answering.abort();
      return;
    }
    const text = question.value.trim();
    if (text && video?.status === 'indexed') {
      ask(text);
    }
  });
  question.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      // While an answer streams, Enter does not stop it: the next question can be typed meanwhile.
      if (!answering) {
        form.requestSubmit();
      }
    }
  });
  const transcript = $('transcript');
  transcript.addEventListener('scroll', () => {
    followingTranscript = transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 80;
  }, { passive: true });
  $('new-conversation').addEventListener('click', () => startOver());
  $('player').addEventListener('error', () => {
    if ($('player').getAttribute('src')) {
      showError({ title: 'The video cannot be played here', detail: 'This browser could not load or decode it; its answers and frames still work.' });
    }
  });
}

/** Shows the conversation panel for a video (a new conversation; the one open stays open if chosen again). */
export function openVideo(chosen) {
  if (video?.id === chosen.id) {
    return;
  }
  video = chosen;
  $('welcome').hidden = true;
  $('chat').hidden = false;
  $('chat-title').textContent = chosen.name;
  showInPlayer(chosen.id);
  startOver();
}

/** The video was updated (indexing progress, done): the panel follows. */
export function videoChanged(changed) {
  if (video && changed.id === video.id) {
    const becameIndexed = video.status !== 'indexed' && changed.status === 'indexed';
    video = changed;
    $('chat-title').textContent = changed.name;
    updateState();
    if (becameIndexed && !conversationId) {
      startConversationInBackground();
    }
  }
}

/** The video was deleted: its panel closes. */
export function videoRemoved(id) {
  if (video?.id === id) {
    answering?.abort();
    video = null;
    conversationId = null;
    $('player').removeAttribute('src');
    $('player').load();
    $('chat').hidden = true;
    $('welcome').hidden = false;
  }
}

function startOver() {
  answering?.abort();
  generation += 1;
  conversationId = null;
  $('transcript').replaceChildren();
  updateState();
  if (video.status === 'indexed') {
    startConversationInBackground();
  }
  // Ready to type, except on touch screens, where focus would cover the player with the keyboard.
  if (matchMedia('(pointer: fine)').matches) {
    $('question').focus();
  }
}

/** POST /api/conversations over the chosen video; the id is kept for the questions that follow. */
async function startConversation(forGeneration) {
  const created = await requestJson('/api/conversations', { method: 'POST', json: { videoIds: [video.id] } });
  if (forGeneration === generation && !conversationId) {
    conversationId = created.id;
  }
  return conversationId ?? created.id;
}

/** Starts the conversation before the first question, so asking is quick; a failure is shown (asking will try again). */
function startConversationInBackground() {
  const forGeneration = generation;
  startConversation(forGeneration).catch((error) => {
    if (forGeneration === generation) {
      showError(error, 'Starting a conversation');
    }
  });
}

function updateState() {
  const subtitle = $('chat-subtitle');
  const ready = video.status === 'indexed';
  $('ask').disabled = !ready && !answering;
  $('question').setAttribute('aria-disabled', String(!ready));
  const duration = video.durationSeconds ? `${formatClock(video.durationSeconds)} long` : '';
  subtitle.textContent = {
    indexed: `Indexed${duration ? ` · ${duration}` : ''} · ask anything about it.`,
    indexing: `Indexing · ${formatPercent(video.progress?.fraction ?? 0)} — you can watch it meanwhile and ask once it is indexed.`,
    failed: `Indexing failed${video.error ? `: ${video.error}` : ''}. Index it again from the list, or choose another video.`,
    uploaded: 'Uploaded but not indexed: index it from the list to ask about it.',
  }[video.status] ?? '';
  $('chat').dataset.status = video.status;
}

function setAnswering(controller) {
  answering = controller;
  const button = $('ask');
  button.replaceChildren(controller ? icon(icons.stop) : '', controller ? 'Stop' : 'Ask');
  button.classList.toggle('stop', Boolean(controller));
  updateState();
}

async function ask(question) {
  const turn = renderTurn(question);
  const answer = turn.querySelector('.answer-text');
  const forGeneration = generation;
  const controller = new AbortController();
  setAnswering(controller);
  $('question').value = '';
  let finished = false;
  try {
    const id = conversationId ?? await startConversation(forGeneration);
    const response = await request(`/api/conversations/${id}/messages`, {
      method: 'POST', json: { question }, accept: 'text/event-stream', signal: controller.signal,
    });
    if (!(response.headers.get('Content-Type') ?? '').includes('text/event-stream')) {
      // A Gateway that answers in one piece: shown all at once.
      finished = true;
      renderDone(turn, await response.json());
      return;
    }
    for await (const event of readEvents(response.body)) {
      const data = JSON.parse(event.data);
      if (event.type === 'token') {
        turn.dataset.state = 'streaming';
        answer.append(data.text);
        keepInView();
      } else if (event.type === 'evidence') {
        renderEvidence(turn, data);
      } else if (event.type === 'done') {
        finished = true;
        renderDone(turn, data);
      } else if (event.type === 'error') {
        finished = true;
        renderError(turn, data);
      }
    }
    if (!finished) {
      finished = true;
      renderError(turn, { title: 'The answer stopped early', detail: 'The connection closed before the answer was complete. Ask again.' });
    }
  } catch (error) {
    finished = true;
    if (error.name === 'AbortError') {
      turn.dataset.state = 'stopped';
      turn.querySelector('.answer').append(el('span', { class: 'stopped' }, ' (stopped)'));
    } else {
      renderError(turn, error);
    }
  } finally {
    turn.querySelector('.answer').setAttribute('aria-busy', 'false');
    if (answering === controller) {
      setAnswering(null);
    }
  }
}

function renderTurn(question) {
  const turn = el('li', { class: 'turn', dataset: { state: 'waiting' } },
    el('div', { class: 'question' }, el('span', { class: 'visually-hidden' }, 'You asked: '), question),
    el('div', { class: 'answer', 'aria-busy': 'true', 'aria-live': 'polite' },
      el('span', { class: 'visually-hidden' }, 'Answer: '),
      el('span', { class: 'answer-text' }),
      el('span', { class: 'caret', 'aria-hidden': 'true' })));
  $('transcript').append(turn);
  keepInView({ always: true });
  return turn;
}

function renderDone(turn, result) {
  const answer = turn.querySelector('.answer-text');
  // The whole answer is authoritative (the tokens were its pieces).
  if (answer.textContent !== result.answer) {
    answer.textContent = result.answer;
  }
  if (!answer.textContent) {
    answer.append(el('em', {}, '(an empty answer)'));
  }
  if (!turn.querySelector('.evidence')) {
    renderEvidence(turn, result.evidence ?? []);
  }
  const stats = result.stats;
  if (stats) {
    const retrieved = stats.visualTokens > 0 ? ` (${formatPercent(stats.retrievedTokens / stats.visualTokens)})` : '';
    turn.append(el('p', { class: 'stats' },
      el('span', { title: 'Visual tokens the question retrieved from the video’s context, out of all of them' },
        `${formatInteger(stats.retrievedTokens)} of ${formatInteger(stats.visualTokens)} visual tokens${retrieved}`),
      el('span', { title: 'Time to read the question against the video' }, `prefill ${formatInteger(stats.prefillMs)} ms`),
      el('span', { title: 'Decoding speed' }, `${formatDecimal(stats.decodeTokensPerSecond)} tokens/s`),
      el('span', { title: 'Tokens generated' }, `${formatInteger(stats.generatedTokens)} token${stats.generatedTokens === 1 ? '' : 's'}`)));
  }
  turn.dataset.state = 'done';
  keepInView();
}

function renderEvidence(turn, evidence) {
  turn.querySelector('.evidence')?.remove();
  const best = [...evidence].sort((a, b) => b.score - a.score);
  const seen = new Set();
  const moments = [];
  for (const item of best) {
    const key = `${item.videoId}@${item.timestampSeconds}`;
    if (!seen.has(key)) {
      seen.add(key);
      moments.push(item);
    }
    if (moments.length === maxEvidenceShown) {
      break;
    }
  }
  if (moments.length === 0) {
    return;
  }
  moments.sort((a, b) => a.timestampSeconds - b.timestampSeconds);
  const items = moments.map((moment) => {
    const clock = formatClock(moment.timestampSeconds);
    const button = el('button', {
      type: 'button', class: 'evidence-item', 'aria-pressed': 'false',
      'aria-label': `Show the moment at ${spokenDuration(moment.timestampSeconds)} in the player`,
      title: `Relevance ${formatDecimal(moment.score * 100)}% — show ${clock} in the player`,
      dataset: { videoId: moment.videoId, t: String(moment.timestampSeconds) },
      onclick: () => {
        for (const other of document.querySelectorAll('.evidence-item[aria-pressed="true"]')) {
          other.setAttribute('aria-pressed', 'false');
        }
        button.setAttribute('aria-pressed', 'true');
        seek(moment.videoId, moment.timestampSeconds);
      },
    },
    el('img', {
      src: `/api/videos/${encodeURIComponent(moment.videoId)}/frame?t=${moment.timestampSeconds}&width=240`,
      alt: `Frame at ${clock}`, decoding: 'async', width: '120', height: '90',
      onerror: (event) => event.target.classList.add('missing'),
    }),
    el('span', { class: 'evidence-time' }, clock));
    return el('li', {}, button);
  });
  turn.querySelector('.answer').after(el('section', { class: 'evidence', 'aria-label': 'Evidence' },
    el('h3', { class: 'evidence-title' }, 'Moments it looked at'),
    el('ul', { class: 'evidence-list' }, ...items)));
}

function renderError(turn, problem) {
  turn.dataset.state = 'error';
  turn.querySelector('.caret')?.remove();
  turn.append(el('p', { class: 'turn-error', role: 'alert' },
    el('strong', {}, problem.title ?? 'The answer failed'),
    problem.detail ? ` ${problem.detail}` : ''));
  if (problem.status === 401) {
    showError(problem);
  }
  keepInView();
}

function showInPlayer(videoId) {
  const player = $('player');
  const source = `/api/videos/${encodeURIComponent(videoId)}/content`;
  if (player.getAttribute('src') !== source) {
    player.src = source;
    player.dataset.videoId = videoId;
  }
}

/** Seeks the player to a moment (after switching to its video when the evidence is from another). */
function seek(videoId, seconds) {
  const player = $('player');
  showInPlayer(videoId);
  player.pause();
  const apply = () => {
    player.currentTime = seconds;
  };
  if (player.readyState >= HTMLMediaElement.HAVE_METADATA) {
    apply();
  } else {
    player.addEventListener('loadedmetadata', apply, { once: true });
  }
  player.scrollIntoView({ block: 'nearest', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
}

/** Keeps the newest turn in view while it grows, unless the reader scrolled up to read an older one. */
function keepInView({ always = false } = {}) {
  const transcript = $('transcript');
  if (always || followingTranscript) {
    transcript.scrollTop = transcript.scrollHeight;
  }
}
