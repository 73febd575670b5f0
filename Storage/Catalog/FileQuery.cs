namespace EmotionGrid.Storage.Catalog;

/// <summary>Filter and page for listing files; <see cref="Text"/> matches the name or id prefix.</summary>
public sealed record FileQuery(string? Status = null, string? Text = null, int Page = 1, int PageSize = 50);
