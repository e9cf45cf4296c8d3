namespace Vpp.Infrastructure.Storage;

/// <summary>The rules Azure Tables puts on PartitionKey and RowKey values, checked before a request is sent.</summary>
public static class TableKey
{
    private const int MaxKeyChars = 512; // 1 KiB of UTF-16.

    public static void Validate(string key, string keyName)
    {
        ArgumentNullException.ThrowIfNull(key, keyName);
        if (key.Length > MaxKeyChars)
        {
            throw new ArgumentException($"{keyName} is {key.Length} characters; Azure Tables allows at most {MaxKeyChars}.", keyName);
        }

        foreach (var c in key)
        {
            if (c is '/' or '\\' or '#' or '?' || char.IsControl(c))
            {
                var shown = char.IsControl(c) ? $"U+{(int)c:X4}" : $"'{c}'";
                throw new ArgumentException(
                    $"{keyName} '{key}' contains {shown}; Azure Tables forbids '/', '\\', '#', '?' and control characters in keys.",
                    keyName);
            }
        }
    }
}
