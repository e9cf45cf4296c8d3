using Vpp.Application.Settlement;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.Settlement;

/// <summary>
/// Finance exports as blobs, <c>settlement-exports/{programId}/{yyyy-MM}/v0001/{file}</c>: the files of
/// <see cref="SettlementExport"/>, the manifest uploaded last so a reader that finds it finds every file it names.
/// </summary>
public sealed class BlobSettlementExports(StorageTables tables) : ISettlementExports
{
    public async Task<IReadOnlyList<string>> WriteAsync(SettlementRunRecord run, IReadOnlyList<SettlementCustomerLine> lines, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var files = await SettlementExport.WriteAsync(SettlementRunJournal.Whole(run, lines), SettlementRunJournal.Of(run, lines), cancellationToken);
        Task UploadAsync(ExportFile file) => tables.SettlementExports.UploadAsync(Name(run.ProgramId, run.Month, run.Version, file.Name), file.Content, file.ContentType, cancellationToken);
        await Task.WhenAll(files.Where(f => f.Name != SettlementExport.ManifestName).Select(UploadAsync));
        await UploadAsync(files.Single(f => f.Name == SettlementExport.ManifestName));

        return [.. files.Select(f => f.Name)];
    }

    public async Task<IReadOnlyList<string>> ListAsync(string programId, DateOnly month, int version, CancellationToken cancellationToken)
    {
        var prefix = Name(programId, month, version, string.Empty);
        return [.. (await tables.SettlementExports.ListNamesAsync(prefix, cancellationToken)).Select(n => n[prefix.Length..]).Order(StringComparer.Ordinal)];
    }

    public async Task<(byte[] Content, string ContentType)?> FindAsync(string programId, DateOnly month, int version, string name, CancellationToken cancellationToken)
    {
        if (name.Contains('/', StringComparison.Ordinal) || await tables.SettlementExports.DownloadOrNullAsync(Name(programId, month, version, name), cancellationToken) is not { } content)
        {
            return null;
        }

        return (content, ContentTypeOf(name));
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".csv" => "text/csv",
        ".parquet" => "application/vnd.apache.parquet",
        _ => "application/json",
    };

    private static string Name(string programId, DateOnly month, int version, string file) => FormattableString.Invariant($"{programId}/{month:yyyy-MM}/v{version:0000}/{file}");
}
