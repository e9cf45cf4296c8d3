namespace Vpp.Infrastructure.Settlement;

/// <summary>One file of a run's export: its name, bytes, rows, the sum of its money column, and the SHA-256 finance checks it by.</summary>
public sealed record ExportFile(string Name, string ContentType, byte[] Content, int Rows, decimal Total, string Sha256);
