// Constants of VADER 3.3.2 (Hutto & Gilbert, ICWSM 2014), copied from the reference implementation.
// The increments were derived empirically by the authors from human ratings.

/** Valence added by a booster ("very") and subtracted by a dampener ("slightly"). */
export const BOOSTER_INCREMENT = 0.293;
/** Valence added when a word is in ALL CAPS while the rest of the text is not. */
export const CAPS_INCREMENT = 0.733;
/** Multiplier applied to a negated word: it flips and weakens the valence. */
export const NEGATION_SCALAR = -0.74;
/** compound = s / sqrt(s² + α): α approximates the largest expected raw sum. */
export const NORMALIZE_ALPHA = 15;
/** Per "!" (up to 4). */
export const EXCLAMATION_INCREMENT = 0.292;
/** Per "?" when 2 or 3 are present; 4 or more add QUESTION_CAP. */
export const QUESTION_INCREMENT = 0.18;
export const QUESTION_CAP = 0.96;

// biome-ignore format: word lists read better packed
export const NEGATION_WORDS: ReadonlySet<string> = new Set([
  'aint', 'arent', 'cannot', 'cant', 'couldnt', 'darent', 'didnt', 'doesnt',
  "ain't", "aren't", "can't", "couldn't", "daren't", "didn't", "doesn't",
  'dont', 'hadnt', 'hasnt', 'havent', 'isnt', 'mightnt', 'mustnt', 'neither',
  "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't",
  'neednt', "needn't", 'never', 'none', 'nope', 'nor', 'not', 'nothing', 'nowhere',
  'oughtnt', 'shant', 'shouldnt', 'uhuh', 'wasnt', 'werent',
  "oughtn't", "shan't", "shouldn't", 'uh-uh', "wasn't", "weren't",
  'without', 'wont', 'wouldnt', "won't", "wouldn't", 'rarely', 'seldom', 'despite',
]);

const up = BOOSTER_INCREMENT;
const down = -BOOSTER_INCREMENT;
// biome-ignore format: word lists read better packed
const boosters = [
  'absolutely', 'amazingly', 'awfully', 'completely', 'considerable', 'considerably', 'decidedly',
  'deeply', 'effing', 'enormous', 'enormously', 'entirely', 'especially', 'exceptional',
  'exceptionally', 'extreme', 'extremely', 'fabulously', 'flipping', 'flippin', 'frackin', 'fracking',
  'fricking', 'frickin', 'frigging', 'friggin', 'fully', 'fuckin', 'fucking', 'fuggin', 'fugging',
  'greatly', 'hella', 'highly', 'hugely', 'incredible', 'incredibly', 'intensely', 'major', 'majorly',
  'more', 'most', 'particularly', 'purely', 'quite', 'really', 'remarkably', 'so', 'substantially',
  'thoroughly', 'total', 'totally', 'tremendous', 'tremendously', 'uber', 'unbelievably', 'unusually',
  'utter', 'utterly', 'very',
];
// biome-ignore format: word lists read better packed
const dampeners = [
  'almost', 'barely', 'hardly', 'just enough', 'kind of', 'kinda', 'kindof', 'kind-of', 'less',
  'little', 'marginal', 'marginally', 'occasional', 'occasionally', 'partly', 'scarce', 'scarcely',
  'slight', 'slightly', 'somewhat', 'sort of', 'sorta', 'sortof', 'sort-of',
];

/** Degree adverbs: lower-case word (or bigram) → signed increment. */
export const BOOSTERS: ReadonlyMap<string, number> = new Map([
  ...boosters.map((w): [string, number] => [w, up]),
  ...dampeners.map((w): [string, number] => [w, down]),
]);

/** Phrases whose valence replaces that of the lexicon word inside them ("the shit" is good). */
export const SPECIAL_CASES: ReadonlyMap<string, number> = new Map([
  ['the shit', 3],
  ['the bomb', 3],
  ['bad ass', 1.5],
  ['badass', 1.5],
  ['bus stop', 0],
  ['yeah right', -2],
  ['kiss of death', -1.5],
  ['to die for', 3],
  ['beating heart', 3.5],
]);
