namespace Vpp.Infrastructure.Storage;

/// <summary>
/// A table entity: keys, ETag and typed properties. Property values are <see cref="string"/>,
/// <see cref="long"/> (Edm.Int64), <see cref="int"/> (Edm.Int32), <see cref="double"/>, <see cref="bool"/>,
/// <see cref="DateTimeOffset"/> (Edm.DateTime, stored in UTC), <see cref="Guid"/> or <see cref="byte"/>[] (Edm.Binary).
/// </summary>
public sealed class TableEntity
{
    private readonly Dictionary<string, object> properties = new(StringComparer.Ordinal);

    public TableEntity(string partitionKey, string rowKey)
    {
        TableKey.Validate(partitionKey, nameof(PartitionKey));
        TableKey.Validate(rowKey, nameof(RowKey));
        PartitionKey = partitionKey;
        RowKey = rowKey;
    }

    public string PartitionKey { get; }

    public string RowKey { get; }

    /// <summary>The entity's version as the service last returned it; null for an entity never read or written.</summary>
    public string? ETag { get; set; }

    public DateTimeOffset? Timestamp { get; set; }

    public IReadOnlyDictionary<string, object> Properties => properties;

    public object? this[string name]
    {
        get => properties.GetValueOrDefault(name);
        set
        {
            if (value is null)
            {
                properties.Remove(name);
                return;
            }

            if (value is not (string or long or int or double or bool or DateTimeOffset or Guid or byte[]))
            {
                throw new ArgumentException(
                    $"Property '{name}' has type {value.GetType().Name}, which Azure Tables cannot store.", nameof(value));
            }

            properties[name] = value;
        }
    }

    public string? GetString(string name) => this[name] as string;

    public long? GetInt64(string name) => this[name] switch
    {
        long l => l,
        int i => i,
        _ => null,
    };

    public double? GetDouble(string name) => this[name] switch
    {
        double d => d,
        long l => l,
        int i => i,
        _ => null,
    };

    public bool? GetBoolean(string name) => this[name] as bool?;

    public DateTimeOffset? GetDateTime(string name) => this[name] as DateTimeOffset?;

    public byte[]? GetBinary(string name) => this[name] as byte[];
}
