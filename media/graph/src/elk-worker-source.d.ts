/** The text of elkjs's worker script (elk-worker.min.js), inlined by the build (scripts/build.mjs). */
declare module 'elk-worker-source' {
  const source: string;
  export default source;
}
