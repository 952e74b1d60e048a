// The candidate's code per problem and language, and the last language used,
// kept in localStorage. A draft equal to the template is not stored, so an
// updated template reaches everyone who never touched it.
const PREFIX = 'judge.';

function get(key) {
  try {
    return localStorage.getItem(PREFIX + key);
  } catch {
    return null;
  }
}

function set(key, value) {
  try {
    if (value == null) localStorage.removeItem(PREFIX + key);
    else localStorage.setItem(PREFIX + key, value);
  } catch {
    // Storage full or disabled: the editor still works, drafts are not kept.
  }
}

export const loadDraft = (problem, lang) => get(`draft.${problem}.${lang}`);
export function saveDraft(problem, lang, text, template) {
  set(`draft.${problem}.${lang}`, text === (template ?? '') ? null : text);
}

export const loadLang = (problem) => get(`lang.${problem}`) || get('lang');
export function saveLang(problem, lang) {
  set(`lang.${problem}`, lang);
  set('lang', lang);
}
