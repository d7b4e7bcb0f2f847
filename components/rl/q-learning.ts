// Tabular Q-learning (Watkins 1989) on the grid world: ε-greedy exploration and the update
// Q(s, a) ← Q(s, a) + α [r + γ max_a' Q(s', a') − Q(s, a)], seeded so runs repeat.
import { seededRandom } from "../data/synthetic.js";
import { argmax, type GridWorld } from "./gridworld.js";

export interface QLearningOptions {
  episodes: number;
  alpha?: number;
  gamma?: number;
  /** Exploration: ε falls linearly from epsilon to 0.05 over the episodes. */
  epsilon?: number;
  /** Longest episode, so a wandering agent still stops. */
  maxSteps?: number;
  seed?: number;
  /** Called every `every` episodes; awaited, so the page can redraw. */
  onProgress?: (progress: { episode: number; q: number[][]; returns: number[] }) => void | Promise<void>;
  every?: number;
  cancelled?: () => boolean;
}

/** One update of Q(s, a) from a transition; returns the new value. */
export function qUpdate(q: number[][], s: number, a: number, reward: number, next: number, done: boolean, alpha: number, gamma: number): number {
  const target = reward + (done ? 0 : gamma * Math.max(...q[next]));
  q[s][a] += alpha * (target - q[s][a]);
  return q[s][a];
}

export async function qLearning(world: GridWorld, { episodes, alpha = 0.5, gamma = 0.95, epsilon = 0.5, maxSteps = 100, seed = 1, onProgress, every = 20, cancelled = () => false }: QLearningOptions): Promise<{ q: number[][]; returns: number[] }> {
  const random = seededRandom(seed);
  const q = Array.from({ length: world.states }, () => [0, 0, 0, 0]);
  const returns: number[] = [];
  for (let episode = 0; episode < episodes && !cancelled(); ++episode) {
    const explore = epsilon + (0.05 - epsilon) * (episode / Math.max(1, episodes - 1));
    let state = world.start;
    let total = 0;
    for (let t = 0; t < maxSteps; ++t) {
      const action = random() < explore ? Math.floor(random() * 4) : argmax(q[state]);
      const { next, reward, done } = world.step(state, action);
      qUpdate(q, state, action, reward, next, done, alpha, gamma);
      total += reward;
      state = next;
      if (done) break;
    }
    returns.push(total);
    if (onProgress && ((episode + 1) % every === 0 || episode === episodes - 1)) await onProgress({ episode: episode + 1, q, returns });
  }
  return { q, returns };
}
