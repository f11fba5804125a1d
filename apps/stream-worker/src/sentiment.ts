import type { EventEnvelope } from '@tessera/events';
import { sentiment } from '@tessera/social';

/** Scores comment and review text; undefined when there is no text or it is not English. */
export type SentimentScorer = (event: EventEnvelope) => number | undefined;

/** VADER compound score in [-1, 1] from @tessera/social; stored in events.sentiment and the sentiment aggregates. */
export const scoreSentiment: SentimentScorer = (event) => {
  if (event.type !== 'comment' && event.type !== 'review') return undefined;
  const text = event.props.text;
  if (typeof text !== 'string') return undefined;
  const result = sentiment(text);
  return result.supported ? result.compound : undefined;
};
