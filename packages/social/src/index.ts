// Public API of @tessera/social: pure, database-free social-signal analytics.
export * from './errors.js';
export { detectLanguage, type LanguageCheck, type LanguageCode } from './sentiment/language.js';
export {
  type ScoredSentiment,
  type SentimentResult,
  sentiment,
  sentimentClass,
  type UnsupportedSentiment,
} from './sentiment/sentiment.js';
export { type SentimentScores, vaderScores } from './sentiment/vader.js';
