using System.IO.Compression;
using System.Security.Cryptography;

namespace Verifier.Api.Widget;

/// <summary>The widget's bytes, read once from the assembly, with their gzip form and an ETag.</summary>
internal sealed class WidgetScript
{
    public const string ResourceName = "Verifier.Api.Widget.widget.js";

    public WidgetScript()
    {
        using var resource = typeof(WidgetScript).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var plain = new MemoryStream();
        resource.CopyTo(plain);
        Plain = plain.ToArray();
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(Plain);
        }

        Gzip = compressed.ToArray();
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Plain))[..16] + "\"";
        Integrity = "sha384-" + Convert.ToBase64String(SHA384.HashData(Plain));
    }

    public byte[] Plain { get; }

    public byte[] Gzip { get; }

    public string ETag { get; }

    /// <summary>The Subresource Integrity value of this version, for sites that pin it.</summary>
    public string Integrity { get; }
}
