export interface StreamHealthSummary {
  eventsPerSecond: number;
  deadLetterCount: number;
  freshnessSeconds: number | null;
}

export interface DeadLetter {
  id: string;
  reasonCode: string;
  message: string;
  payload: string;
  source: string;
  createdAt: string;
}

export interface StreamHealth extends StreamHealthSummary {
  window: string;
  events: number;
  lastReceivedAt: string | null;
  byType: { type: string; count: number }[];
  deadLetters: DeadLetter[];
}

export const streamHealthSummaryQuery =
  '{ streamHealth(window: HOUR) { eventsPerSecond deadLetterCount freshnessSeconds } }';

export const streamPageQuery = `query($window: Window) {
  streamHealth(window: $window) {
    window events eventsPerSecond lastReceivedAt freshnessSeconds deadLetterCount
    byType { type count }
    deadLetters(limit: 50) { id reasonCode message payload source createdAt }
  }
}`;

export const windows = ['HOUR', 'DAY', 'WEEK', 'MONTH'] as const;
export const windowLabels: Record<(typeof windows)[number], string> = {
  HOUR: 'Last hour',
  DAY: 'Last 24 hours',
  WEEK: 'Last 7 days',
  MONTH: 'Last 30 days',
};
