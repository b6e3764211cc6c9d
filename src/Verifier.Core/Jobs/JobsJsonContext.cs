using System.Text.Json.Serialization;

namespace Verifier.Core.Jobs;

/// <summary>Source-generated serialisation of the files a job keeps (not the wire format).</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(JobState))]
[JsonSerializable(typeof(PendingChunk))]
internal sealed partial class JobsJsonContext : JsonSerializerContext;
