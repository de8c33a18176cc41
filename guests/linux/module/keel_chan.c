// SPDX-License-Identifier: GPL-2.0
/*
 * keel_chan: Keel channel endpoints as character devices.
 *
 * Keel (a microvisor for 64-bit ARM) joins partitions with channels: a
 * send ORs 64 bits into the peer's pending word and raises the peer's
 * virtual interrupt; a receive takes the pending bits. A channel may carry
 * a shared memory region. Keel's device tree gives the Linux partition one
 * "keel,channel" node per endpoint it owns; this driver binds each and
 * offers /dev/keel/<channel name>:
 *
 *   write(8 bytes)   sends that u64 (KEEL_HC_CHAN_SEND)
 *   read(8 or 16)    waits until bits are pending (O_NONBLOCK: -EAGAIN),
 *                    returns them (and, with 16 bytes, the u64 count of
 *                    sends merged into them) and clears them
 *   poll             POLLIN while bits are pending, POLLOUT always
 *   mmap             the shared region (cacheable, MAP_SHARED only)
 *
 * The interrupt handler receives (KEEL_HC_CHAN_RECEIVE) and ORs the bits
 * into a word of the driver's, so nothing is lost between reads.
 * /sys/class/misc/keel-<name>/ has endpoint, peer, shm_base and shm_size.
 * See docs/linux.md in the Keel tree.
 */
#include <linux/arm-smccc.h>
#include <linux/fs.h>
#include <linux/interrupt.h>
#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/of.h>
#include <linux/platform_device.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/wait.h>

#include <keel/hypercall.h>

#define KEEL_CHAN_NAME_MAX 32

struct keel_chan {
	struct kref ref;
	struct miscdevice misc;
	struct device *dev;
	char name[KEEL_CHAN_NAME_MAX];
	char misc_name[KEEL_CHAN_NAME_MAX + 8];
	char node_name[KEEL_CHAN_NAME_MAX + 8];
	const char *peer;
	u32 endpoint;
	int irq;
	phys_addr_t shm_base;
	resource_size_t shm_size;

	spinlock_t lock;	/* pending, merged, gone */
	u64 pending;		/* bits received, not yet read */
	u64 merged;		/* sends merged into them */
	bool gone;		/* the device was unbound */
	wait_queue_head_t wait;
	unsigned long hvc_errors;
};

static void keel_chan_free(struct kref *ref)
{
	struct keel_chan *chan = container_of(ref, struct keel_chan, ref);

	kfree(chan->peer);
	kfree(chan);
}

static struct keel_chan *file_chan(struct file *file)
{
	struct miscdevice *misc = file->private_data;

	return container_of(misc, struct keel_chan, misc);
}

static irqreturn_t keel_chan_irq(int irq, void *data)
{
	struct keel_chan *chan = data;
	struct arm_smccc_res res;

	arm_smccc_1_1_hvc(KEEL_HC_CHAN_RECEIVE, chan->endpoint, &res);
	if ((long)res.a0 < 0) {
		chan->hvc_errors++;
		return IRQ_HANDLED;
	}
	if (!res.a1)
		return IRQ_HANDLED;

	spin_lock(&chan->lock);
	chan->pending |= res.a1;
	chan->merged += res.a2;
	spin_unlock(&chan->lock);
	wake_up_interruptible(&chan->wait);
	return IRQ_HANDLED;
}

static int keel_chan_open(struct inode *inode, struct file *file)
{
	/* misc_open() holds misc_mtx: the device cannot go away meanwhile. */
	kref_get(&file_chan(file)->ref);
	return 0;
}

static int keel_chan_release(struct inode *inode, struct file *file)
{
	kref_put(&file_chan(file)->ref, keel_chan_free);
	return 0;
}

/* Takes the pending bits if there are any (or the device is gone). */
static bool keel_chan_take(struct keel_chan *chan, u64 *bits, u64 *merged,
			   bool *gone)
{
	bool ready;

	spin_lock_irq(&chan->lock);
	*gone = chan->gone;
	ready = chan->pending || chan->gone;
	if (chan->pending) {
		*bits = chan->pending;
		*merged = chan->merged;
		chan->pending = 0;
		chan->merged = 0;
	}
	spin_unlock_irq(&chan->lock);
	return ready;
}

static ssize_t keel_chan_read(struct file *file, char __user *buf,
			      size_t count, loff_t *ppos)
{
	struct keel_chan *chan = file_chan(file);
	u64 out[2] = { 0, 0 };
	size_t len;
	bool gone;
	int ret;

	if (count < sizeof(u64))
		return -EINVAL;
	len = count >= sizeof(out) ? sizeof(out) : sizeof(u64);

	while (!keel_chan_take(chan, &out[0], &out[1], &gone)) {
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		ret = wait_event_interruptible(chan->wait,
					       READ_ONCE(chan->pending) ||
					       READ_ONCE(chan->gone));
		if (ret)
			return ret;
	}
	if (!out[0] && gone)
		return -ENODEV;
	if (copy_to_user(buf, out, len))
		return -EFAULT;
	return len;
}

static ssize_t keel_chan_write(struct file *file, const char __user *buf,
			       size_t count, loff_t *ppos)
{
	struct keel_chan *chan = file_chan(file);
	struct arm_smccc_res res;
	u64 bits;

	if (count != sizeof(bits))
		return -EINVAL;
	if (copy_from_user(&bits, buf, sizeof(bits)))
		return -EFAULT;
	if (READ_ONCE(chan->gone))
		return -ENODEV;

	arm_smccc_1_1_hvc(KEEL_HC_CHAN_SEND, chan->endpoint, bits, &res);
	if ((long)res.a0 == KEEL_E_INVALID)
		return -EINVAL;
	if ((long)res.a0 < 0)
		return -EIO;
	return sizeof(bits);
}

static __poll_t keel_chan_poll(struct file *file, poll_table *wait)
{
	struct keel_chan *chan = file_chan(file);
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &chan->wait, wait);
	if (READ_ONCE(chan->pending))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(chan->gone))
		mask |= EPOLLERR | EPOLLHUP;
	return mask;
}

static int keel_chan_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct keel_chan *chan = file_chan(file);
	unsigned long size = vma->vm_end - vma->vm_start;
	unsigned long offset = vma->vm_pgoff << PAGE_SHIFT;

	if (READ_ONCE(chan->gone))
		return -ENODEV;
	if (!chan->shm_size)
		return -ENODEV;
	if (!(vma->vm_flags & VM_SHARED))
		return -EINVAL;
	if (vma->vm_pgoff >= (chan->shm_size >> PAGE_SHIFT) ||
	    size > chan->shm_size - offset)
		return -EINVAL;

	/*
	 * Normal write-back memory, as the native peer maps it: the default
	 * vm_page_prot of a shared mapping.
	 */
	return remap_pfn_range(vma, vma->vm_start,
			       PHYS_PFN(chan->shm_base) + vma->vm_pgoff,
			       size, vma->vm_page_prot);
}

static const struct file_operations keel_chan_fops = {
	.owner = THIS_MODULE,
	.open = keel_chan_open,
	.release = keel_chan_release,
	.read = keel_chan_read,
	.write = keel_chan_write,
	.poll = keel_chan_poll,
	.mmap = keel_chan_mmap,
	.llseek = noop_llseek,
};

static struct keel_chan *attr_chan(struct device *dev)
{
	struct miscdevice *misc = dev_get_drvdata(dev);

	return container_of(misc, struct keel_chan, misc);
}

static ssize_t endpoint_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%u\n", attr_chan(dev)->endpoint);
}
static DEVICE_ATTR_RO(endpoint);

static ssize_t peer_show(struct device *dev, struct device_attribute *attr,
			 char *buf)
{
	return sysfs_emit(buf, "%s\n", attr_chan(dev)->peer);
}
static DEVICE_ATTR_RO(peer);

static ssize_t shm_base_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "0x%llx\n", (u64)attr_chan(dev)->shm_base);
}
static DEVICE_ATTR_RO(shm_base);

static ssize_t shm_size_show(struct device *dev, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "%llu\n", (u64)attr_chan(dev)->shm_size);
}
static DEVICE_ATTR_RO(shm_size);

static struct attribute *keel_chan_attrs[] = {
	&dev_attr_endpoint.attr,
	&dev_attr_peer.attr,
	&dev_attr_shm_base.attr,
	&dev_attr_shm_size.attr,
	NULL,
};
ATTRIBUTE_GROUPS(keel_chan);

static int keel_chan_parse(struct platform_device *pdev, struct keel_chan *chan)
{
	struct device *dev = &pdev->dev;
	struct device_node *np = dev->of_node;
	struct resource *res;
	const char *peer;
	int ret;

	if (!np->name || !np->name[0] ||
	    strscpy(chan->name, np->name, sizeof(chan->name)) < 0 ||
	    strchr(chan->name, '/')) {
		dev_err(dev, "%pOF: unusable channel name\n", np);
		return -EINVAL;
	}
	ret = of_property_read_u32(np, "keel,endpoint", &chan->endpoint);
	if (ret) {
		dev_err(dev, "%pOF: no keel,endpoint\n", np);
		return ret;
	}
	if (of_property_read_string(np, "keel,peer", &peer))
		peer = "";
	chan->peer = kstrdup(peer, GFP_KERNEL);
	if (!chan->peer)
		return -ENOMEM;

	res = platform_get_resource(pdev, IORESOURCE_MEM, 0);
	if (res) {
		if (!PAGE_ALIGNED(res->start) ||
		    !PAGE_ALIGNED(resource_size(res))) {
			dev_err(dev, "%pOF: shared memory %pR is not page aligned\n",
				np, res);
			return -EINVAL;
		}
		chan->shm_base = res->start;
		chan->shm_size = resource_size(res);
	}

	chan->irq = platform_get_irq(pdev, 0);
	if (chan->irq < 0)
		return chan->irq;
	return 0;
}

static int keel_chan_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct keel_chan *chan;
	int ret;

	chan = kzalloc(sizeof(*chan), GFP_KERNEL);
	if (!chan)
		return -ENOMEM;
	kref_init(&chan->ref);
	spin_lock_init(&chan->lock);
	init_waitqueue_head(&chan->wait);
	chan->dev = dev;

	ret = keel_chan_parse(pdev, chan);
	if (ret)
		goto err_put;

	snprintf(chan->misc_name, sizeof(chan->misc_name), "keel-%s",
		 chan->name);
	snprintf(chan->node_name, sizeof(chan->node_name), "keel/%s",
		 chan->name);
	chan->misc.minor = MISC_DYNAMIC_MINOR;
	chan->misc.name = chan->misc_name;
	chan->misc.nodename = chan->node_name;
	chan->misc.fops = &keel_chan_fops;
	chan->misc.parent = dev;
	chan->misc.groups = keel_chan_groups;

	ret = request_irq(chan->irq, keel_chan_irq, 0, chan->misc_name, chan);
	if (ret) {
		dev_err(dev, "cannot request irq %d: %d\n", chan->irq, ret);
		goto err_put;
	}

	ret = misc_register(&chan->misc);
	if (ret) {
		dev_err(dev, "cannot register /dev/%s: %d\n", chan->node_name,
			ret);
		goto err_irq;
	}

	platform_set_drvdata(pdev, chan);
	if (chan->shm_size)
		dev_info(dev, "/dev/%s: endpoint %u, irq %d, peer %s, shared memory %pa, %llu bytes\n",
			 chan->node_name, chan->endpoint, chan->irq,
			 chan->peer[0] ? chan->peer : "?", &chan->shm_base,
			 (u64)chan->shm_size);
	else
		dev_info(dev, "/dev/%s: endpoint %u, irq %d, peer %s, no shared memory\n",
			 chan->node_name, chan->endpoint, chan->irq,
			 chan->peer[0] ? chan->peer : "?");
	return 0;

err_irq:
	free_irq(chan->irq, chan);
err_put:
	kref_put(&chan->ref, keel_chan_free);
	return ret;
}

static void keel_chan_teardown(struct platform_device *pdev)
{
	struct keel_chan *chan = platform_get_drvdata(pdev);

	misc_deregister(&chan->misc);
	free_irq(chan->irq, chan);

	spin_lock_irq(&chan->lock);
	chan->gone = true;
	spin_unlock_irq(&chan->lock);
	wake_up_interruptible(&chan->wait);

	kref_put(&chan->ref, keel_chan_free);
}

/* platform_driver.remove returns void from Linux 6.11 on. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 11, 0)
static void keel_chan_remove(struct platform_device *pdev)
{
	keel_chan_teardown(pdev);
}
#else
static int keel_chan_remove(struct platform_device *pdev)
{
	keel_chan_teardown(pdev);
	return 0;
}
#endif

static const struct of_device_id keel_chan_of_match[] = {
	{ .compatible = "keel,channel" },
	{ }
};
MODULE_DEVICE_TABLE(of, keel_chan_of_match);

static struct platform_driver keel_chan_driver = {
	.probe = keel_chan_probe,
	.remove = keel_chan_remove,
	.driver = {
		.name = "keel-channel",
		.of_match_table = keel_chan_of_match,
	},
};
module_platform_driver(keel_chan_driver);

MODULE_DESCRIPTION("Keel microvisor channels as /dev/keel/<name>");
MODULE_AUTHOR("The Keel authors");
MODULE_LICENSE("GPL");
