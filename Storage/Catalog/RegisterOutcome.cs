namespace EmotionGrid.Storage.Catalog;

public enum RegisterResult
{
    /// <summary>A new row was created, status queued: the caller dispatches it.</summary>
    Registered,

    /// <summary>The row exists for this very blob (seen again by a rescan or a second silo): nothing to do.</summary>
    AlreadyTracked,

    /// <summary>The same content is already catalogued under another blob: the new name is an alias.</summary>
    Duplicate,
}

public sealed record RegisterOutcome(RegisterResult Result, FileRecord Record);
