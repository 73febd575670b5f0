namespace EmotionGrid.Storage.Catalog;

/// <summary>
/// The WHERE clause and parameters of a <see cref="FileQuery"/>, shared by the SQL catalogs (the text matches a file's
/// names, its id's start and the words of its transcript): they differ only in the
/// case-insensitive LIKE operator (SQLite's <c>LIKE</c> folds ASCII case; PostgreSQL needs <c>ILIKE</c>).
/// </summary>
internal sealed record FileQueryFilter(string Where, object Parameters)
{
    public static FileQueryFilter For(FileQuery query, string likeOperator)
    {
        var where = new List<string>();
        if (query.Status is not null)
        {
            where.Add("status = @Status");
        }

        string? like = null;
        string? idPrefix = null;
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var escaped = query.Text.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_");
            like = "%" + escaped + "%";
            idPrefix = escaped + "%"; // ids are hex digests: a substring would match words like "bad" or "cafe" in any id
            where.Add($"(name {likeOperator} @like ESCAPE '\\' OR transcript_text {likeOperator} @like ESCAPE '\\' OR id {likeOperator} @idPrefix ESCAPE '\\' OR id IN (SELECT id FROM file_aliases WHERE name {likeOperator} @like ESCAPE '\\'))");
        }

        if (query.Emotion is not null)
        {
            where.Add("emotion = @Emotion");
        }

        if (query.Speaker is not null)
        {
            where.Add("speaker = @Speaker");
        }

        return new FileQueryFilter(
            where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where),
            new { query.Status, query.Emotion, query.Speaker, like, idPrefix, limit = query.PageSize, offset = (query.Page - 1) * query.PageSize });
    }
}
