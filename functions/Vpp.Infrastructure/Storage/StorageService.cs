namespace Vpp.Infrastructure.Storage;

/// <summary>The three Storage services; their Shared Key signing rules differ.</summary>
public enum StorageService
{
    Blob,
    Queue,
    Table,
}
