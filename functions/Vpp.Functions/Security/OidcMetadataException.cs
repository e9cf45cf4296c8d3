namespace Vpp.Functions.Security;

/// <summary>The authority's discovery document or signing keys could not be read, and none were known before.</summary>
public sealed class OidcMetadataException(string message) : Exception(message);
