namespace Vpp.Infrastructure.Storage;

/// <summary>One write in an entity-group transaction.</summary>
public sealed record TableOperation(TableOperationKind Kind, TableEntity Entity)
{
    public static TableOperation Insert(TableEntity entity) => new(TableOperationKind.Insert, entity);

    public static TableOperation UpsertReplace(TableEntity entity) => new(TableOperationKind.UpsertReplace, entity);

    public static TableOperation UpsertMerge(TableEntity entity) => new(TableOperationKind.UpsertMerge, entity);

    /// <summary>Replace guarded by the entity's ETag (or unconditional when it has none).</summary>
    public static TableOperation Replace(TableEntity entity) => new(TableOperationKind.Replace, entity);

    public static TableOperation Merge(TableEntity entity) => new(TableOperationKind.Merge, entity);

    public static TableOperation Delete(TableEntity entity) => new(TableOperationKind.Delete, entity);
}
