// A small grid world for 第2章's reinforcement-learning demo: the agent walks up, right, down
// or left; walls block, the goal (+1) and the trap (−1) end the episode, every other step
// costs a little. Deterministic, so value iteration gives the exact optimum to compare with.

export const ACTIONS = ["↑", "→", "↓", "←"] as const;
const MOVES: [number, number][] = [[-1, 0], [0, 1], [1, 0], [0, -1]];

export type Cell = "." | "#" | "G" | "T" | "S";

export interface GridWorld {
  rows: number;
  cols: number;
  cells: Cell[][];
  start: number;
  stepReward: number;
  /** State = row · cols + col. */
  step(state: number, action: number): { next: number; reward: number; done: boolean };
  isTerminal(state: number): boolean;
  isWall(state: number): boolean;
  states: number;
}

/** The book's map: start S bottom left, goal G top right, a trap T beside the short way. */
export const BOOK_MAP = ["....G", ".#.T.", ".#...", "...#.", "S...."];

export function gridWorld(map: string[] = BOOK_MAP, { stepReward = -0.04 } = {}): GridWorld {
  const cells = map.map((row) => [...row] as Cell[]);
  const rows = cells.length;
  const cols = cells[0].length;
  const at = (s: number) => cells[Math.floor(s / cols)][s % cols];
  const flat = cells.flat();
  const start = flat.indexOf("S");
  if (start < 0 || !flat.includes("G")) throw new Error("地图需要一个起点 S 和一个终点 G");
  const isTerminal = (s: number) => at(s) === "G" || at(s) === "T";
  return {
    rows,
    cols,
    cells,
    start,
    stepReward,
    states: rows * cols,
    isTerminal,
    isWall: (s) => at(s) === "#",
    step(state, action) {
      const [dr, dc] = MOVES[action];
      const r = Math.floor(state / cols) + dr;
      const c = (state % cols) + dc;
      const blocked = r < 0 || r >= rows || c < 0 || c >= cols || cells[r][c] === "#";
      const next = blocked ? state : r * cols + c;
      const reward = at(next) === "G" ? 1 : at(next) === "T" ? -1 : stepReward;
      return { next, reward, done: isTerminal(next) };
    }
  };
}

/** Exact optimal action values by value iteration (the environment is deterministic). */
export function optimalQ(world: GridWorld, gamma: number, sweeps = 500): number[][] {
  const q = Array.from({ length: world.states }, () => [0, 0, 0, 0]);
  for (let sweep = 0; sweep < sweeps; ++sweep)
    for (let s = 0; s < world.states; ++s) {
      if (world.isTerminal(s) || world.isWall(s)) continue;
      for (let a = 0; a < 4; ++a) {
        const { next, reward, done } = world.step(s, a);
        q[s][a] = reward + (done ? 0 : gamma * Math.max(...q[next]));
      }
    }
  return q;
}

/** The greedy path from the start (at most states steps, so a looping policy ends). */
export function greedyPath(world: GridWorld, q: number[][]): number[] {
  const path = [world.start];
  let state = world.start;
  for (let i = 0; i < world.states && !world.isTerminal(state); ++i) {
    state = world.step(state, argmax(q[state])).next;
    path.push(state);
  }
  return path;
}

export function argmax(values: number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; ++i) if (values[i] > values[best]) best = i;
  return best;
}
