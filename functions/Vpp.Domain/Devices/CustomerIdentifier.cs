namespace Vpp.Domain.Devices;

/// <summary>
/// A customer's id as the identity provider names them (the token's <c>sub</c>: an Entra object id, or any opaque
/// string): 1-128 printable characters, not blank. A device enrolled with an empty id would be owned by a token
/// that names no one.
/// </summary>
public static class CustomerIdentifier
{
    public const int MaxLength = 128;

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && !string.IsNullOrWhiteSpace(id) && !id.Any(char.IsControl);
}
