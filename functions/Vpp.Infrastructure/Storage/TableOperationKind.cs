namespace Vpp.Infrastructure.Storage;

public enum TableOperationKind
{
    Insert,
    UpsertReplace,
    UpsertMerge,
    Replace,
    Merge,
    Delete,
}
