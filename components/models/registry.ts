// The book's model store (第7章, 模型库): every saved model version lives in the browser's
// IndexedDB with its card, its tfjs topology and its exact weights. Versions are numbered per
// model name; tags ("production", "staging") point at one version each. Every write is one
// IndexedDB transaction, so a failure (quota, a closed tab) leaves no half-saved version.
//
// A version is a Keras model (tf.LayersModel: topology + weights) or a weights bundle (named
// tensors + config + vocabulary, for models built from plain tensors such as 3.6's GPT);
// both are versioned, tagged, exported and imported the same way (bundle.ts).
//
// Object stores: versions {id, name, version, card, kind, artifacts | weights (no weight
// bytes), bytes} · weights (id → ArrayBuffer) · tags {key, name, tag, version}. Listing never
// reads weights. Records written before weights bundles existed have no kind: Keras.
import type * as tf from "@book/tf";
import { packageModel, unpackModel } from "./artifacts.js";
import { checkBuildable } from "./builders.js";
import { decodeFile, encodeBundle, isWeightsBundle, notKeras, packageJson, weightBytesOf, type ModelPackage, type StoredPackage, type WeightsBundle } from "./bundle.js";
import { orderCard, type CardDraft, type ModelCard } from "./card.js";
import { MissingVersionError, ModelFileError } from "./errors.js";
import { openDatabase, requestResult, transactionDone } from "./idb.js";

export const DATABASE = "dlbook-models";
/** The tags the store's page offers; any short name works. */
export const TAGS = ["production", "staging"] as const;

interface VersionRecord {
  id: string;
  name: string;
  version: number;
  card: ModelCard;
  /** Absent (Keras) or "weights". */
  kind?: "weights";
  /** A Keras model's artifacts without the weights… */
  artifacts?: Omit<ModelPackage["artifacts"], "weightData">;
  /** …or a weights bundle's builder, config, vocabulary and manifest. */
  weights?: Omit<WeightsBundle, "kind" | "card" | "weightData">;
  /** Bytes of the exported file's JSON part and of the weights: what the version takes. */
  jsonBytes: number;
  weightBytes: number;
}

interface TagRecord {
  key: string;
  name: string;
  tag: string;
  version: number;
}

export interface StoredVersion {
  card: ModelCard;
  /** "layers": a Keras model (loadModel); "weights": a weights bundle (loadBundle). */
  kind: "layers" | "weights";
  /** The weights bundle's builder ("gpt-char"); null for Keras models. */
  builder: string | null;
  tags: string[];
  bytes: number;
}

export interface StoredModel {
  name: string;
  /** Oldest first. */
  versions: StoredVersion[];
  bytes: number;
}

export interface SaveReport {
  card: ModelCard;
  bytes: number;
  /** model.save into memory, and the IndexedDB transaction. */
  packMs: number;
  writeMs: number;
}

const versionId = (name: string, version: number) => `${name}@${version}`;
const tagKey = (name: string, tag: string) => `${name}#${tag}`;

export class ModelStore {
  private constructor(private readonly db: IDBDatabase) {}

  /** Opens (creating on first use) the store; StoreUnavailableError when the browser refuses. */
  static async open(factory?: IDBFactory): Promise<ModelStore> {
    const db = await openDatabase(
      DATABASE,
      1,
      (db) => {
        db.createObjectStore("versions", { keyPath: "id" }).createIndex("name", "name");
        db.createObjectStore("weights");
        db.createObjectStore("tags", { keyPath: "key" }).createIndex("name", "name");
      },
      factory
    );
    return new ModelStore(db);
  }

  close(): void {
    this.db.close();
  }

  /** Every model with its versions, cards, tags and sizes (weights are not read). */
  async list(): Promise<StoredModel[]> {
    const tx = this.db.transaction(["versions", "tags"], "readonly");
    const [versions, tags] = await Promise.all([requestResult(tx.objectStore("versions").getAll() as IDBRequest<VersionRecord[]>), requestResult(tx.objectStore("tags").getAll() as IDBRequest<TagRecord[]>)]);
    const models = new Map<string, StoredModel>();
    for (const record of versions.sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version)) {
      const model = models.get(record.name) ?? models.set(record.name, { name: record.name, versions: [], bytes: 0 }).get(record.name)!;
      const bytes = record.jsonBytes + record.weightBytes;
      model.versions.push({ card: record.card, kind: record.kind ?? "layers", builder: record.weights?.builder ?? null, tags: tags.filter((t) => t.name === record.name && t.version === record.version).map((t) => t.tag), bytes });
      model.bytes += bytes;
    }
    return [...models.values()];
  }

  /** Saves a live model as the next version of card.name; returns its card and timings. */
  async saveModel(model: tf.LayersModel, draft: CardDraft): Promise<SaveReport> {
    const t0 = performance.now();
    const pkg = await packageModel(model, { ...draft, version: 1, createdAt: draft.createdAt ?? new Date().toISOString() });
    return this.savePackage(pkg, performance.now() - t0);
  }

  /** Saves a packed model (a weights bundle from weights.ts, or a Keras package) as the next
   * version of its card's name; `packMs` is the time the caller spent packing it. */
  async savePackage(pkg: StoredPackage, packMs = 0): Promise<SaveReport> {
    const t1 = performance.now();
    const card = await this.put({ ...pkg, card: { ...pkg.card, createdAt: pkg.card.createdAt || new Date().toISOString() } });
    return { card, bytes: versionBytes(pkg), packMs, writeMs: performance.now() - t1 };
  }

  /** The package of one version; without a version, the one tagged production, else the latest. */
  async get(name: string, version?: number): Promise<StoredPackage> {
    const chosen = version ?? (await this.resolve(name));
    const tx = this.db.transaction(["versions", "weights"], "readonly");
    const id = versionId(name, chosen);
    const [record, weightData] = await Promise.all([requestResult(tx.objectStore("versions").get(id) as IDBRequest<VersionRecord | undefined>), requestResult(tx.objectStore("weights").get(id) as IDBRequest<ArrayBuffer | undefined>)]);
    if (!record || !weightData) throw new MissingVersionError(name, chosen);
    if (record.kind === "weights" && record.weights) return { kind: "weights", card: record.card, ...record.weights, weightData };
    return { card: record.card, artifacts: { ...record.artifacts!, weightData } };
  }

  /** A live tf.LayersModel (the caller disposes it) and its card; a weights bundle is refused
   * (ModelFileError) without building anything. */
  async loadModel(name: string, version?: number): Promise<{ model: tf.LayersModel; card: ModelCard }> {
    const pkg = await this.get(name, version);
    if (isWeightsBundle(pkg)) throw new ModelFileError(notKeras(pkg));
    return { model: await unpackModel(pkg), card: pkg.card };
  }

  /** A weights bundle (its builder rebuilds the model); a Keras model is refused. */
  async loadBundle(name: string, version?: number): Promise<WeightsBundle> {
    const pkg = await this.get(name, version);
    if (!isWeightsBundle(pkg)) throw new ModelFileError(`“${name}”（版本 ${pkg.card.version}）是 Keras 模型（tf.LayersModel），不是权重包`);
    return pkg;
  }

  /** The version `get(name)` picks: production if tagged, else the newest. */
  async resolve(name: string): Promise<number> {
    const tx = this.db.transaction(["versions", "tags"], "readonly");
    const production = await requestResult(tx.objectStore("tags").get(tagKey(name, "production")) as IDBRequest<TagRecord | undefined>);
    if (production) return production.version;
    const keys = (await requestResult(tx.objectStore("versions").index("name").getAllKeys(name))) as string[];
    if (!keys.length) throw new MissingVersionError(name);
    return Math.max(...keys.map((k) => Number(k.slice(k.lastIndexOf("@") + 1))));
  }

  /** Deletes one version, its weights and its tags, together. */
  async delete(name: string, version: number): Promise<void> {
    const tx = this.db.transaction(["versions", "weights", "tags"], "readwrite");
    const done = transactionDone(tx);
    done.catch(() => undefined); // awaited below; a failed read must not also be unhandled
    const id = versionId(name, version);
    tx.objectStore("versions").delete(id);
    tx.objectStore("weights").delete(id);
    const tags = (await requestResult(tx.objectStore("tags").index("name").getAll(name))) as TagRecord[];
    for (const tag of tags) if (tag.version === version) tx.objectStore("tags").delete(tag.key);
    await done;
  }

  /** Points `tag` of model `name` at `version` (moving it from another version). */
  async setTag(name: string, version: number, tag: string): Promise<void> {
    if (!/^[\p{L}\p{N}_.-]{1,32}$/u.test(tag)) throw new Error(`标签“${tag}”不合法：只能用 1–32 个字母、数字、汉字和 - _ .`);
    const tx = this.db.transaction(["versions", "tags"], "readwrite");
    const done = transactionDone(tx);
    const exists = await requestResult(tx.objectStore("versions").getKey(versionId(name, version)));
    if (exists === undefined) {
      tx.abort();
      await done.catch(() => undefined);
      throw new MissingVersionError(name, version);
    }
    tx.objectStore("tags").put({ key: tagKey(name, tag), name, tag, version } satisfies TagRecord);
    await done;
  }

  async removeTag(name: string, tag: string): Promise<void> {
    const tx = this.db.transaction("tags", "readwrite");
    const done = transactionDone(tx);
    tx.objectStore("tags").delete(tagKey(name, tag));
    await done;
  }

  /** One version as a .dlmodel file (model.json + weights + card). */
  async exportFile(name: string, version: number): Promise<Uint8Array> {
    return encodeBundle(await this.get(name, version));
  }

  /** Checks a .dlmodel file completely (format, checksum, card, weights against the layers or
   * the weights bundle's builder) before writing anything, then stores it: under its own version number when that is free,
   * else as the next one (renumberedFrom says so). Errors are ModelFileError / QuotaError. */
  async importFile(bytes: ArrayBuffer | Uint8Array): Promise<{ card: ModelCard; renumberedFrom: number | null }> {
    const pkg = decodeFile(bytes);
    if (isWeightsBundle(pkg)) checkBuildable(pkg);
    else (await unpackModel(pkg)).dispose();
    const card = await this.put(pkg, pkg.card.version);
    return { card, renumberedFrom: card.version === pkg.card.version ? null : pkg.card.version };
  }

  /** Writes a package as a new version in one transaction: the version number is chosen
   * inside it, so two tabs saving at once cannot collide. */
  private async put(pkg: StoredPackage, preferred?: number): Promise<ModelCard> {
    const bytes = versionBytes(pkg);
    const tx = this.db.transaction(["versions", "weights"], "readwrite");
    const done = transactionDone(tx, bytes);
    try {
      const { name } = pkg.card;
      const keys = (await requestResult(tx.objectStore("versions").index("name").getAllKeys(name))) as string[];
      const taken = new Set(keys.map((k) => Number(k.slice(k.lastIndexOf("@") + 1))));
      const version = preferred !== undefined && !taken.has(preferred) ? preferred : Math.max(0, ...taken) + 1;
      const card = orderCard({ ...pkg.card, version });
      const weightData = weightBytesOf(pkg);
      const parts: Pick<VersionRecord, "kind" | "artifacts" | "weights"> = isWeightsBundle(pkg)
        ? { kind: "weights", weights: { builder: pkg.builder, config: pkg.config, vocabulary: pkg.vocabulary, weightSpecs: pkg.weightSpecs } }
        : { artifacts: (({ weightData: _, ...rest }) => rest)(pkg.artifacts) };
      const record: VersionRecord = { id: versionId(name, version), name, version, card, ...parts, jsonBytes: bytes - weightData.byteLength, weightBytes: weightData.byteLength };
      tx.objectStore("versions").put(record);
      tx.objectStore("weights").put(weightData, record.id);
      await done;
      return card;
    } catch (error) {
      // A failure before the commit (a read, DataCloneError) must not let other writes commit.
      try {
        tx.abort();
      } catch {
        // already finished: `done` rejected, and `error` is its reason
      }
      await done.catch(() => undefined);
      throw error;
    }
  }
}

/** What a version occupies: the export file's JSON part plus the weights. */
function versionBytes(pkg: StoredPackage): number {
  return new TextEncoder().encode(packageJson(pkg)).length + weightBytesOf(pkg).byteLength;
}

