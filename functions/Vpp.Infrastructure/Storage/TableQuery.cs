namespace Vpp.Infrastructure.Storage;

/// <summary>An OData query: <c>$filter</c>, <c>$select</c> and <c>$top</c> (page size, at most 1,000).</summary>
public sealed record TableQuery(string? Filter = null, IReadOnlyList<string>? Select = null, int? Top = null)
{
    /// <summary>Quotes a string literal for a $filter expression.</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>A DateTime literal for a $filter expression, in UTC.</summary>
    public static string Literal(DateTimeOffset value) =>
        "datetime'" + value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture) + "'";

    public static TableQuery PartitionEquals(string partitionKey) => new($"PartitionKey eq {Literal(partitionKey)}");
}
