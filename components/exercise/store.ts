// The page's live progress: the current student, their records, saving after each change
// and telling the widgets (and the progress page) when either changes.
import { loadProgress, saveProgress, type Progress } from "./progress.js";
import { loadStudentId, safeLocalStorage, saveStudentId, studentSeed } from "./student.js";

export class ProgressStore {
  student: string;
  seed: number;
  progress: Progress;
  /** A problem reading the stored progress, shown once by the page. */
  warning: string | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(readonly storage: Storage | null = safeLocalStorage()) {
    this.student = loadStudentId(storage);
    this.seed = studentSeed(this.student);
    const { progress, warning } = loadProgress(storage, this.student);
    this.progress = progress;
    this.warning = warning;
  }

  /** Applies a change and saves it; returns an error message if it could not be saved
   * (the change is still kept in the page). */
  update(change: (progress: Progress) => Progress): string | null {
    this.progress = change(this.progress);
    const error = saveProgress(this.storage, this.progress);
    this.notify();
    return error;
  }

  /** Switches to another (validated) ID; its own stored progress is loaded, the previous
   * ID's progress stays stored under that ID. */
  switchStudent(id: string): string | null {
    const error = saveStudentId(this.storage, id);
    this.student = id;
    this.seed = studentSeed(id);
    const { progress, warning } = loadProgress(this.storage, id);
    this.progress = progress;
    this.notify();
    return error ?? warning ?? null;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
