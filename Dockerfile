# syntax=docker/dockerfile:1
# Build: the SDK image restores and publishes; only the published output reaches the runtime image.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig BannedSymbols.txt ./
COPY src/Verifier.Core/Verifier.Core.csproj src/Verifier.Core/
COPY src/Verifier.Api/Verifier.Api.csproj src/Verifier.Api/
RUN dotnet restore src/Verifier.Api/Verifier.Api.csproj
COPY src/ src/
RUN dotnet publish src/Verifier.Api/Verifier.Api.csproj -c Release -o /app --no-restore

# Run: ASP.NET Core runtime only, as the image's non-root user, on port 8080.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
ENV ASPNETCORE_HTTP_PORTS=8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    Verifier__Jobs__DataDirectory=/app/data/jobs
# The data directory must be writable by the non-root user (in-process jobs keep files there).
USER root
RUN mkdir -p /app/data/jobs && chown -R app:app /app/data
USER app
EXPOSE 8080
# The runtime image has no curl or wget: bash's /dev/tcp sends the request.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/live HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "Verifier.Api.dll"]
