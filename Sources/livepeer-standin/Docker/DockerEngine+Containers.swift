/// A container as `GET /containers/json` lists it.
struct ListedContainer: Sendable {
    let id: String
    let names: [String]
    let labels: [String: String]
}

/// The container and image calls go-livepeer's `DockerManager` makes.
extension DockerEngine {
    /// `ContainerList(All: true, Filters: label=LABEL)`.
    func listContainers(label: String) -> Result<[ListedContainer], DockerError> {
        let filters = JSONText.object([("label", JSONText.strings([label]))])
        return call("GET", "/containers/json?all=1&filters=" + percentEncode(filters)).flatMap { response in
            guard case .success(let root) = JSONNode.parse(response.body), let items = root.array else {
                return .failure(DockerError(message: "error decoding the container list: " + response.text))
            }
            return .success(items.map { item in
                ListedContainer(
                    id: item["Id"]?.string ?? "", names: (item["Names"]?.array ?? []).compactMap(\.string),
                    labels: item["Labels"]?.stringMap ?? [:])
            })
        }
    }

    /// `ImageInspectWithRaw`: true when the image is present; a missing image is not an error.
    func imageExists(_ reference: String) -> Result<Bool, DockerError> {
        switch call("GET", "/images/\(reference)/json") {
        case .success: return .success(true)
        case .failure(let error) where error.isNotFound: return .success(false)
        case .failure(let error): return .failure(error)
        }
    }

    /// `ContainerCreate`; returns the new container's id.
    func createContainer(name: String, body: String) -> Result<String, DockerError> {
        call("POST", "/containers/create?name=" + percentEncode(name), json: body).map { response in
            guard case .success(let root) = JSONNode.parse(response.body) else { return "" }
            return root["Id"]?.string ?? ""
        }
    }

    func startContainer(_ id: String) -> Result<Void, DockerError> {
        call("POST", "/containers/\(id)/start").map { _ in }
    }

    /// `ContainerInspect` of a container by id or name.
    func inspect(_ idOrName: String) -> Result<JSONNode, DockerError> {
        call("GET", "/containers/\(percentEncode(idOrName))/json").flatMap { response in
            guard case .success(let root) = JSONNode.parse(response.body) else {
                return .failure(DockerError(message: "error decoding the container: " + response.text))
            }
            return .success(root)
        }
    }

    /// `ContainerInspect(...).State.Running`.
    func isRunning(_ id: String) -> Result<Bool, DockerError> {
        call("GET", "/containers/\(id)/json").map { response in
            guard case .success(let root) = JSONNode.parse(response.body) else { return false }
            return root["State"]?["Running"]?.bool ?? false
        }
    }

    /// `ContainerStop` with the container's own stop timeout (304, already stopped, is success).
    func stopContainer(_ id: String) -> Result<Void, DockerError> {
        call("POST", "/containers/\(id)/stop", timeout: 60).map { _ in }
    }

    func removeContainer(_ id: String) -> Result<Void, DockerError> {
        call("DELETE", "/containers/\(id)").map { _ in }
    }

    /// docker.go's `dockerRemoveContainer`: stop, then remove; a container already gone is fine, and
    /// a removal already in progress is waited for (30 s at most).
    func stopAndRemove(_ id: String) -> Result<Void, DockerError> {
        if case .failure(let error) = stopContainer(id), !error.isNotFound { return .failure(error) }
        switch removeContainer(id) {
        case .success: return .success(())
        case .failure(let error) where error.isNotFound: return .success(())
        case .failure(let error) where !error.message.contains("is already in progress"): return .failure(error)
        case .failure:
            for _ in 0..<60 {
                sleepSeconds(0.5)
                if case .failure(let error) = isRunning(id), error.isNotFound { return .success(()) }
            }
            return .failure(DockerError(message: "timed out waiting for container removal to complete"))
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
func percentEncode(_ text: String) -> String {
    var out = ""
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
            out.unicodeScalars.append(Unicode.Scalar(byte))
        default:
            out += "%" + hex(UInt32(byte), width: 2).uppercased()
        }
    }
    return out
}
