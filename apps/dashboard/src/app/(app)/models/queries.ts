export interface ModelRow {
  id: string;
  algorithm: string;
  version: number;
  status: 'training' | 'candidate' | 'active' | 'retired';
  metrics: Record<string, unknown>;
  backend: string | null;
  trainSeconds: number | null;
  createdAt: string;
  promotedAt: string | null;
}

export const modelsQuery =
  'models { id algorithm version status metrics backend trainSeconds createdAt promotedAt }';

export interface TrainingJob {
  id: string;
  algorithm: string;
  status: 'queued' | 'running' | 'succeeded' | 'failed';
  reason: string;
  attempts: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export const trainingJobsQuery =
  '{ trainingJobs(limit: 20) { id algorithm status reason attempts error createdAt finishedAt } }';
