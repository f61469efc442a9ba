/**
 * A read model as a pure function of events: each event touches at most one document (by key), and
 * the document's next state depends only on its previous state and the event.
 */
export interface Projection<Event, Doc> {
  /** Stored in its own collection; bump `version` when the shape or meaning of documents changes. */
  name: string;
  version: number;
  /** The document this event updates, or undefined when the projection ignores it. */
  keyOf(event: Event): string | undefined;
  initial(key: string): Doc;
  evolve(doc: Doc, event: Event): Doc;
}
