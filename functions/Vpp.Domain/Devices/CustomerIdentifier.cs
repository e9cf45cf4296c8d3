namespace Vpp.Domain.Devices;

/// <summary>
/// A customer's id as the identity provider names them (the token's <c>sub</c>: an Entra object id, or any opaque
/// string): 1-128 printable characters, not blank, none of <c>/ \ # ?</c>. A device enrolled with an empty id would
/// be owned by a token that names no one; the four characters cannot be in a table key, and customers' payout
/// accounts and settlement lines are keyed by their id (Entra object ids and the usual <c>sub</c> forms never hold them).
/// </summary>
public static class CustomerIdentifier
{
    public const int MaxLength = 128;

    public static readonly string Rule = $"1-{MaxLength} printable characters, not blank, none of / \\ # ?";

    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= MaxLength } && !string.IsNullOrWhiteSpace(id) && !id.Any(c => char.IsControl(c) || c is '/' or '\\' or '#' or '?');
}
