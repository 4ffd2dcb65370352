/*
 * Types for ml-kmeans 7 (an ES module whose package.json has no "types" entry that this project's "node" module
 * resolution can find). Mirrors node_modules/ml-kmeans/lib/kmeans.d.ts for the part we use.
 */
declare module "ml-kmeans" {
  export interface KMeansOptions {
    distanceFunction?: (p: number[], q: number[]) => number;
    tolerance?: number;
    initialization?: "kmeans++" | "random" | "mostDistant" | number[][];
    maxIterations?: number;
    seed?: number;
  }
  export interface KMeansResult {
    clusters: number[];
    centroids: number[][];
    converged: boolean;
    iterations: number;
  }
  export function kmeans(data: number[][], K: number, options: KMeansOptions): KMeansResult;
}
