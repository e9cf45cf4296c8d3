using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Vpp.Application.Scheduling;

/// <summary>
/// Where a page of a schedule's device plans stopped: which stored set of plans (a schedule is replanned every quarter
/// hour, and a client paging through a large fleet must not mix two plans), how many parts it was stored in, and how far
/// into which part. Clients see it as an opaque token (<see cref="ToString"/>).
/// </summary>
public sealed record DevicePlanContinuation
{
    public DevicePlanContinuation(string version, int parts, int part, int offset)
    {
        if (!IsVersion(version))
        {
            throw new ArgumentException("A version is 32 lower-case hexadecimal digits.", nameof(version));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parts);
        ArgumentOutOfRangeException.ThrowIfNegative(part);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(part, parts);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        (Version, Parts, Part, Offset) = (version, parts, part, offset);
    }

    public string Version { get; }

    public int Parts { get; }

    public int Part { get; }

    public int Offset { get; }

    /// <summary>A stored set of plans is named by 32 lower-case hexadecimal digits (a GUID's "N" form).</summary>
    public static bool IsVersion(string? version) => version is { Length: 32 } && version.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Version}.{Parts}.{Part}.{Offset}")));

    /// <summary>Reads a token <see cref="ToString"/> made; false for anything else.</summary>
    public static bool TryParse(string? token, out DevicePlanContinuation? continuation)
    {
        continuation = null;
        if (string.IsNullOrEmpty(token) || token.Length > 128 || !Base64Url.IsValid(token))
        {
            return false;
        }

        var fields = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token)).Split('.');
        if (fields.Length != 4 || !IsVersion(fields[0]) || !TryCount(fields[1], out var parts) || !TryCount(fields[2], out var part) || !TryCount(fields[3], out var offset)
            || parts == 0 || part >= parts)
        {
            return false;
        }

        continuation = new DevicePlanContinuation(fields[0], parts, part, offset);
        return true;
    }

    private static bool TryCount(string text, out int value) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value);
}
