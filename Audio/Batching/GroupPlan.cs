namespace EmotionGrid.Audio.Batching;

/// <summary>
/// The clips <see cref="BatchQueue.PlanGroup"/> picked: <see cref="Indices"/> into the queue (anchor first,
/// then by closeness), and whether the group is <see cref="IsFull"/>: no clip that could still arrive would join it.
/// </summary>
internal sealed record GroupPlan(int[] Indices, bool IsFull);
