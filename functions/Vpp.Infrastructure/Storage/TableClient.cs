using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Vpp.Infrastructure.Storage;

/// <summary>Typed REST client for one Azure Storage table (or Cosmos DB for Table: same protocol).</summary>
public sealed partial class TableClient
{
    private const string JsonFullMetadata = "application/json;odata=fullmetadata";
    public const int MaxBatchOperations = 100;
    private readonly StorageTransport transport;
    private readonly Uri serviceEndpoint;

    public TableClient(StorageTransport transport, Uri serviceEndpoint, string tableName)
    {
        if (!TableNamePattern().IsMatch(tableName))
        {
            throw new ArgumentException(
                $"Table name '{tableName}' is invalid: 3-63 letters or digits, starting with a letter.", nameof(tableName));
        }

        this.transport = transport;
        this.serviceEndpoint = new Uri(serviceEndpoint.ToString().TrimEnd('/') + "/");
        TableName = tableName;
    }

    public string TableName { get; }

    public async Task CreateIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        using var response = await transport.SendAsync(
            StorageService.Table,
            () => Request(HttpMethod.Post, "Tables", JsonSerializer.Serialize(new { TableName })),
            cancellationToken,
            r => r.StatusCode == HttpStatusCode.Conflict).ConfigureAwait(false);
    }

    /// <summary>Inserts a new entity; an existing one with the same keys is a <see cref="StorageException"/> (409 EntityAlreadyExists).</summary>
    public async Task InsertAsync(TableEntity entity, CancellationToken cancellationToken = default)
    {
        using var response = await transport.SendAsync(
            StorageService.Table,
            () =>
            {
                var request = Request(HttpMethod.Post, TableName, TableEntityJson.Serialize(entity));
                request.Headers.TryAddWithoutValidation("Prefer", "return-no-content");
                return request;
            },
            cancellationToken).ConfigureAwait(false);
        entity.ETag = ETagOf(response);
    }

    /// <summary>Insert-or-replace: the stored entity becomes exactly this one.</summary>
    public Task UpsertReplaceAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
        WriteAsync(HttpMethod.Put, entity, ifMatch: null, cancellationToken);

    /// <summary>Insert-or-merge: properties given here overwrite; others are kept.</summary>
    public Task UpsertMergeAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
        WriteAsync(HttpMethod.Patch, entity, ifMatch: null, cancellationToken);

    /// <summary>Replaces an existing entity if its ETag still matches (<see cref="ConcurrencyConflictException"/> otherwise).</summary>
    public Task ReplaceAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
        WriteAsync(HttpMethod.Put, entity, entity.ETag ?? "*", cancellationToken);

    /// <summary>Merges into an existing entity if its ETag still matches.</summary>
    public Task MergeAsync(TableEntity entity, CancellationToken cancellationToken = default) =>
        WriteAsync(HttpMethod.Patch, entity, entity.ETag ?? "*", cancellationToken);

    public async Task<TableEntity?> GetAsync(string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        using var response = await transport.SendAsync(
            StorageService.Table,
            () => Request(HttpMethod.Get, EntityPath(partitionKey, rowKey)),
            cancellationToken,
            r => r.StatusCode == HttpStatusCode.NotFound).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        return TableEntityJson.Deserialize(doc.RootElement, ETagOf(response));
    }

    /// <summary>Deletes if the ETag matches (null ETag: unconditional). Returns false when there was nothing to delete.</summary>
    public async Task<bool> DeleteAsync(string partitionKey, string rowKey, string? etag = null, CancellationToken cancellationToken = default)
    {
        using var response = await transport.SendAsync(
            StorageService.Table,
            () =>
            {
                var request = Request(HttpMethod.Delete, EntityPath(partitionKey, rowKey));
                request.Headers.TryAddWithoutValidation("If-Match", etag ?? "*");
                return request;
            },
            cancellationToken,
            r => r.StatusCode == HttpStatusCode.NotFound).ConfigureAwait(false);
        return response.StatusCode != HttpStatusCode.NotFound;
    }

    public async Task<TableQueryPage> QueryPageAsync(TableQuery query, TableContinuation? continuation = null, CancellationToken cancellationToken = default)
    {
        if (query.Top is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(query), query.Top, "$top must be between 1 and 1000.");
        }

        var parameters = new List<string>();
        if (query.Filter is { } filter)
        {
            parameters.Add("$filter=" + Uri.EscapeDataString(filter));
        }

        if (query.Select is { Count: > 0 } select)
        {
            // Keys always come back: an entity without them cannot be written back.
            var columns = select.Union(["PartitionKey", "RowKey", "Timestamp"], StringComparer.Ordinal);
            parameters.Add("$select=" + Uri.EscapeDataString(string.Join(",", columns)));
        }

        if (query.Top is { } top)
        {
            parameters.Add("$top=" + top);
        }

        if (continuation is not null)
        {
            parameters.Add("NextPartitionKey=" + Uri.EscapeDataString(continuation.NextPartitionKey));
            if (continuation.NextRowKey is { } nextRow)
            {
                parameters.Add("NextRowKey=" + Uri.EscapeDataString(nextRow));
            }
        }

        var path = $"{TableName}()" + (parameters.Count > 0 ? "?" + string.Join("&", parameters) : string.Empty);
        using var response = await transport.SendAsync(StorageService.Table, () => Request(HttpMethod.Get, path), cancellationToken)
            .ConfigureAwait(false);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false));
        var entities = doc.RootElement.GetProperty("value").EnumerateArray().Select(e => TableEntityJson.Deserialize(e)).ToList();

        var nextPartition = HeaderOf(response, "x-ms-continuation-NextPartitionKey");
        var next = string.IsNullOrEmpty(nextPartition)
            ? null
            : new TableContinuation(nextPartition, HeaderOf(response, "x-ms-continuation-NextRowKey"));
        return new TableQueryPage(entities, next);
    }

    /// <summary>Every entity the query matches, following continuation tokens page by page.</summary>
    public async IAsyncEnumerable<TableEntity> QueryAsync(
        TableQuery query,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        TableContinuation? continuation = null;
        do
        {
            var page = await QueryPageAsync(query, continuation, cancellationToken).ConfigureAwait(false);
            foreach (var entity in page.Entities)
            {
                yield return entity;
            }

            continuation = page.Continuation;
        }
        while (continuation is not null);
    }

    /// <summary>
    /// An entity-group transaction: up to 100 writes in one partition, applied all or none. On success each
    /// entity carries its new ETag; on failure nothing was applied and <see cref="TableTransactionException"/>
    /// (or <see cref="ConcurrencyConflictException"/> for a lost ETag race) names the failing operation.
    /// </summary>
    public async Task SubmitTransactionAsync(IReadOnlyList<TableOperation> operations, CancellationToken cancellationToken = default)
    {
        ValidateTransaction(operations);
        var batchBoundary = "batch_" + Guid.NewGuid().ToString("N");
        var changesetBoundary = "changeset_" + Guid.NewGuid().ToString("N");
        var body = BuildBatchBody(operations, batchBoundary, changesetBoundary);

        using var response = await transport.SendAsync(
            StorageService.Table,
            () =>
            {
                var request = new HttpRequestMessage(HttpMethod.Post, new Uri(serviceEndpoint, "$batch"))
                {
                    Content = new StringContent(body, Encoding.UTF8),
                };
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/mixed; boundary={batchBoundary}");
                AddODataHeaders(request);
                return request;
            },
            cancellationToken).ConfigureAwait(false);

        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var results = TableBatchResponse.Parse(text);
        var failure = results.FirstOrDefault(r => r.Status >= 300);
        if (failure is not null)
        {
            var (code, message) = StorageTransport.ParseErrorBody(failure.Body);
            message ??= failure.Body;
            var index = FailedIndex(message);
            if (failure.Status == (int)HttpStatusCode.PreconditionFailed)
            {
                throw new ConcurrencyConflictException(code, $"Transaction operation {index} lost an ETag race: {message}");
            }

            throw new TableTransactionException((HttpStatusCode)failure.Status, code, message, index);
        }

        for (var i = 0; i < operations.Count && i < results.Count; i++)
        {
            if (operations[i].Kind != TableOperationKind.Delete)
            {
                operations[i].Entity.ETag = results[i].ETag;
            }
        }
    }

    private static int? FailedIndex(string message)
    {
        var match = FailedIndexPattern().Match(message);
        return match.Success ? int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private static void ValidateTransaction(IReadOnlyList<TableOperation> operations)
    {
        if (operations.Count is 0 or > MaxBatchOperations)
        {
            throw new ArgumentException($"A transaction holds 1 to {MaxBatchOperations} operations; got {operations.Count}.", nameof(operations));
        }

        var partition = operations[0].Entity.PartitionKey;
        if (operations.Any(o => o.Entity.PartitionKey != partition))
        {
            throw new ArgumentException("All operations of a transaction must share one PartitionKey.", nameof(operations));
        }

        var duplicate = operations.GroupBy(o => o.Entity.RowKey, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"RowKey '{duplicate.Key}' appears more than once in the transaction.", nameof(operations));
        }
    }

    private string BuildBatchBody(IReadOnlyList<TableOperation> operations, string batchBoundary, string changesetBoundary)
    {
        var body = new StringBuilder();
        body.Append("--").Append(batchBoundary).Append("\r\n")
            .Append("Content-Type: multipart/mixed; boundary=").Append(changesetBoundary).Append("\r\n\r\n");
        foreach (var operation in operations)
        {
            var entity = operation.Entity;
            var (method, path, ifMatch) = operation.Kind switch
            {
                TableOperationKind.Insert => ("POST", TableName, (string?)null),
                TableOperationKind.UpsertReplace => ("PUT", EntityPath(entity.PartitionKey, entity.RowKey), null),
                TableOperationKind.UpsertMerge => ("MERGE", EntityPath(entity.PartitionKey, entity.RowKey), null),
                TableOperationKind.Replace => ("PUT", EntityPath(entity.PartitionKey, entity.RowKey), entity.ETag ?? "*"),
                TableOperationKind.Merge => ("MERGE", EntityPath(entity.PartitionKey, entity.RowKey), entity.ETag ?? "*"),
                TableOperationKind.Delete => ("DELETE", EntityPath(entity.PartitionKey, entity.RowKey), entity.ETag ?? "*"),
                _ => throw new ArgumentOutOfRangeException(nameof(operations)),
            };

            body.Append("--").Append(changesetBoundary).Append("\r\n")
                .Append("Content-Type: application/http\r\n")
                .Append("Content-Transfer-Encoding: binary\r\n\r\n")
                .Append(method).Append(' ').Append(new Uri(serviceEndpoint, path)).Append(" HTTP/1.1\r\n")
                .Append("Accept: application/json;odata=minimalmetadata\r\n")
                .Append("DataServiceVersion: 3.0\r\n");
            if (ifMatch is not null)
            {
                body.Append("If-Match: ").Append(ifMatch).Append("\r\n");
            }

            if (operation.Kind == TableOperationKind.Delete)
            {
                body.Append("\r\n");
            }
            else
            {
                var json = TableEntityJson.Serialize(entity);
                body.Append("Content-Type: application/json\r\n")
                    .Append("Prefer: return-no-content\r\n")
                    .Append("Content-Length: ").Append(Encoding.UTF8.GetByteCount(json)).Append("\r\n\r\n")
                    .Append(json).Append("\r\n");
            }
        }

        body.Append("--").Append(changesetBoundary).Append("--\r\n")
            .Append("--").Append(batchBoundary).Append("--\r\n");
        return body.ToString();
    }

    private async Task WriteAsync(HttpMethod method, TableEntity entity, string? ifMatch, CancellationToken cancellationToken)
    {
        using var response = await transport.SendAsync(
            StorageService.Table,
            () =>
            {
                var request = Request(method, EntityPath(entity.PartitionKey, entity.RowKey), TableEntityJson.Serialize(entity));
                if (ifMatch is not null)
                {
                    request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
                }

                return request;
            },
            cancellationToken).ConfigureAwait(false);
        entity.ETag = ETagOf(response);
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? json = null)
    {
        var request = new HttpRequestMessage(method, new Uri(serviceEndpoint, path));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        AddODataHeaders(request);
        return request;
    }

    private static void AddODataHeaders(HttpRequestMessage request)
    {
        request.Headers.TryAddWithoutValidation("Accept", JsonFullMetadata);
        request.Headers.TryAddWithoutValidation("DataServiceVersion", "3.0");
        request.Headers.TryAddWithoutValidation("MaxDataServiceVersion", "3.0;NetFx");
    }

    private string EntityPath(string partitionKey, string rowKey)
    {
        TableKey.Validate(partitionKey, "PartitionKey");
        TableKey.Validate(rowKey, "RowKey");
        static string Key(string value) => Uri.EscapeDataString(value.Replace("'", "''", StringComparison.Ordinal));
        return $"{TableName}(PartitionKey='{Key(partitionKey)}',RowKey='{Key(rowKey)}')";
    }

    private static string? ETagOf(HttpResponseMessage response) => response.Headers.ETag?.ToString() ?? HeaderOf(response, "ETag");

    private static string? HeaderOf(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();

    [GeneratedRegex(@"^(\d+):")]
    private static partial Regex FailedIndexPattern();
}
