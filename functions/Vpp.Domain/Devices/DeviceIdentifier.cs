namespace Vpp.Domain.Devices;

/// <summary>
/// Device and program identifiers: 1-128 letters, digits, '-', '_', '.', ':'. A subset of what IoT Hub allows,
/// chosen so an id is also a valid Table key and URL segment without escaping.
/// </summary>
public static class DeviceIdentifier
{
    public static bool IsValid(string? id) =>
        id is { Length: > 0 and <= 128 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
