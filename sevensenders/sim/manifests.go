package sim

import (
	"fmt"
	"net/url"
)

// createManifest answers POST /v2/customs/manifests {manifest_id,
// shipment_ids, pieces} (000; the fields are assumed). manifest_id is
// unique (409) and has no "/" (422); every shipment id needs a customs
// shipment (422) that is in no other manifest (409). Once declared, the
// customs shipments are locked.
func (s *Server) createManifest(rq *request) response {
	obj, res := rq.decode(schemaCustomsManifest)
	if res.isErr() {
		return res
	}
	mid := str(obj, "manifest_id")
	if find(s.st.Manifests, "manifest_id", mid) >= 0 {
		return broken(ruleManifestIDUnique, "", "customs manifest %q already exists", mid)
	}
	ids, _ := obj["shipment_ids"].([]any)
	seen := map[string]bool{}
	var declared []int
	for j, v := range ids {
		sid, _ := v.(string)
		ptr := fmt.Sprintf("/shipment_ids/%d", j)
		if seen[sid] {
			return broken(ruleManifestShipments, ptr, "shipment %q is listed twice", sid)
		}
		seen[sid] = true
		ci := find(s.st.Customs, "shipment_id", sid)
		if ci < 0 {
			return broken(ruleManifestShipments, ptr, "shipment %q has no customs shipment; POST /v2/customs/shipments first", sid)
		}
		if m := str(s.st.Customs[ci], "manifest_id"); m != "" {
			return broken(ruleManifestOnce, "", "shipment %q is already declared in customs manifest %q", sid, m)
		}
		declared = append(declared, ci)
	}
	for _, ci := range declared {
		s.st.Customs[ci]["manifest_id"] = mid
	}
	obj["id"] = s.nextID()
	obj["created_at"] = s.stamp()
	s.st.Manifests = append(s.st.Manifests, obj)
	return created("/v2/customs/manifests/"+url.PathEscape(mid), obj)
}

// listManifests answers GET /v2/customs/manifests (assumed).
func (s *Server) listManifests(rq *request) response {
	limit, offset, res := rq.page()
	if res.isErr() {
		return res
	}
	return ok(paginate(s.st.Manifests, limit, offset))
}

// getManifest answers GET /v2/customs/manifests/{manifest_id}.
func (s *Server) getManifest(rq *request) response {
	i := find(s.st.Manifests, "manifest_id", rq.params["id"])
	if i < 0 {
		return notFound("customs manifest %q not found", rq.params["id"])
	}
	return ok(s.st.Manifests[i])
}

// changeManifest answers PUT and DELETE on a manifest: a customs
// manifest cannot be changed (409).
func (s *Server) changeManifest(rq *request) response {
	if find(s.st.Manifests, "manifest_id", rq.params["id"]) < 0 {
		return notFound("customs manifest %q not found", rq.params["id"])
	}
	return broken(ruleManifestLocked, "", "customs manifest %q cannot be changed or deleted", rq.params["id"])
}
