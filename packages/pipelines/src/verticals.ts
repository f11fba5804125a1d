export const verticals = ['medical', 'finance', 'education', 'entertainment'] as const;
export type Vertical = (typeof verticals)[number];
