namespace EmotionGrid.Learning;

/// <summary>
/// A fitted forest as plain data for <c>model.json</c> (System.Text.Json serialises it as it stands;
/// floats round-trip exactly, so a reloaded forest predicts identically).
/// </summary>
public sealed record ForestModel(int ClassCount, int FeatureCount, float[] FeatureImportances, ForestTreeModel[] Trees);
