namespace EmotionGrid.Contracts.Models;

/// <summary>The Random Forest parameters a grid search chose (null depth = unlimited).</summary>
public sealed record ForestSettings(int Trees, int? MaxDepth, int MinSamplesLeaf, int MaxFeatures, int Seed);
